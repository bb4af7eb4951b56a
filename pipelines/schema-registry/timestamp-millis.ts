import avsc from 'avsc';

/**
 * Avro `timestamp-millis` (a `long` of milliseconds since the Unix epoch, UTC) as a JavaScript `Date`.
 * avsc 5 has no built-in logical types: without this, such fields decode as plain numbers.
 * Writing accepts only a valid `Date`; reading accepts data written as `timestamp-millis`, `long`
 * or `int`, so a field may gain the logical type without breaking old data.
 */
export class TimestampMillisType extends avsc.types.LogicalType {
  protected override _fromValue(value: unknown): Date {
    return new Date(value as number);
  }

  protected override _toValue(value: unknown): number | undefined {
    if (!(value instanceof Date)) return undefined;
    const millis = value.getTime();
    return Number.isNaN(millis) ? undefined : millis;
  }

  protected override _resolve(writer: avsc.Type): ((value: unknown) => Date) | undefined {
    const readable = avsc.Type.isType(writer, 'int', 'long', 'logical:timestamp-millis');
    return readable ? (value) => this._fromValue(value) : undefined;
  }
}

/** The avsc `logicalTypes` option the pipeline uses everywhere it builds Avro types. */
export const avroLogicalTypes = { 'timestamp-millis': TimestampMillisType } as const;
