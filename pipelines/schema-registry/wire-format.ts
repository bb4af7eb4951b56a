/**
 * Confluent's wire format: byte 0 (the magic byte), the schema id as a 4-byte big-endian integer,
 * then the Avro binary encoding of the value.
 */
export const MAGIC_BYTE = 0;
export const WIRE_HEADER_LENGTH = 5;

export type WireHeader =
  | { readonly ok: true; readonly schemaId: number; readonly payload: Buffer }
  | { readonly ok: false; readonly reason: string };

export function readWireHeader(buffer: Buffer): WireHeader {
  if (buffer.length < WIRE_HEADER_LENGTH) {
    return {
      ok: false,
      reason: `${buffer.length} byte(s), shorter than the ${WIRE_HEADER_LENGTH}-byte schema registry header`,
    };
  }
  const magic = buffer.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    return { ok: false, reason: `wrong magic byte 0x${magic.toString(16).padStart(2, '0')}, expected 0x00` };
  }
  return { ok: true, schemaId: buffer.readInt32BE(1), payload: buffer.subarray(WIRE_HEADER_LENGTH) };
}
