import { PipelineError } from '../pipelines/core/errors.ts';
import { callRecordProblem, type CallRecord } from '../pipelines/ingest/call-record.ts';
import { callRecordDecoder } from '../pipelines/ingest/call-record-decoder.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../pipelines/ingest/schema-files.ts';
import { loadAvroSchema } from '../pipelines/schema-registry/avro-codec.ts';
import { WIRE_HEADER_LENGTH } from '../pipelines/schema-registry/wire-format.ts';
import { decodeStep } from '../pipelines/streaming/decode-step.ts';
import type { SourceRecord } from '../pipelines/streaming/source-record.ts';
import type { BatchContext } from '../pipelines/streaming/step.ts';
import { perSecond, type Benchmark, type Measurement } from './benchmark.ts';

/** Records per decode-step call: about what one 1 MiB partition fetch holds. */
const STEP_BATCH = 5000;
const WARMUP_RECORDS = 20_000;

interface Timed {
  readonly ms: number;
  /** What the loop decoded, checked so the work is real and right. */
  readonly decoded: number;
  readonly lastCallId: string | undefined;
}

/**
 * The decoding cost alone, in this process, over the benchmark's records encoded once: avsc's
 * `fromBuffer` on the payload (the floor), the registry codec (`AvroCodec.decode`, schema cached; and
 * `AvroCodec.decodeSync`, the path the decode step takes once a schema is cached),
 * and the pipeline's decode step (`decodeStep` with `callRecordDecoder` and the CallRecord checks).
 */
export const avroDecode: Benchmark = {
  name: 'avro-decode',
  description: 'bare avsc vs AvroCodec.decode/decodeSync vs the pipeline decode step, same encoded records',
  async run({ world, progress }) {
    const { codec, schemaId } = await world.services();
    const encodeStarted = performance.now();
    const buffers: Buffer[] = [];
    let expectedLastCallId: string | undefined;
    for (const record of world.callRecords()) {
      buffers.push(await codec.encode(schemaId, record));
      expectedLastCallId = record.callId;
    }
    progress(
      `avro-decode: ${buffers.length} records encoded in ${((performance.now() - encodeStarted) / 1000).toFixed(1)} s`,
    );
    const { type } = await loadAvroSchema(CALL_RECORD_SCHEMA_FILE);
    const step = decodeStep(callRecordDecoder(codec), callRecordProblem);
    const context: BatchContext = {
      topic: 'bench',
      partition: 0,
      firstOffset: '0',
      lastOffset: String(buffers.length - 1),
      logger: world.logger,
    };
    const sourceRecords: SourceRecord[] = buffers.map((value, offset) => ({
      topic: 'bench',
      partition: 0,
      offset: String(offset),
      timestamp: '0',
      key: null,
      value,
      headers: {},
    }));

    const loops = {
      avsc: (input: readonly Buffer[]): Promise<Timed> => {
        const started = performance.now();
        let last: CallRecord | undefined;
        for (const buffer of input) last = type.fromBuffer(buffer.subarray(WIRE_HEADER_LENGTH)) as CallRecord;
        return Promise.resolve({
          ms: performance.now() - started,
          decoded: input.length,
          lastCallId: last?.callId,
        });
      },
      codec: async (input: readonly Buffer[]): Promise<Timed> => {
        const started = performance.now();
        let decoded = 0;
        let last: CallRecord | undefined;
        for (const buffer of input) {
          const result = await codec.decode(buffer);
          if (result.ok) {
            decoded++;
            last = result.value as CallRecord;
          }
        }
        return { ms: performance.now() - started, decoded, lastCallId: last?.callId };
      },
      codecSync: (input: readonly Buffer[]): Promise<Timed> => {
        const started = performance.now();
        let decoded = 0;
        let last: CallRecord | undefined;
        for (const buffer of input) {
          const result = codec.decodeSync(buffer);
          if (result?.ok === true) {
            decoded++;
            last = result.value as CallRecord;
          }
        }
        return Promise.resolve({ ms: performance.now() - started, decoded, lastCallId: last?.callId });
      },
      step: async (input: readonly Buffer[]): Promise<Timed> => {
        const records = sourceRecords.slice(0, input.length);
        const started = performance.now();
        let decoded = 0;
        let last: CallRecord | undefined;
        for (let i = 0; i < records.length; i += STEP_BATCH) {
          const batch = { topic: 'bench', partition: 0, records: records.slice(i, i + STEP_BATCH) };
          const out = await step.run(batch, context);
          decoded += out.decoded.length;
          last = out.decoded.at(-1)?.value;
        }
        return { ms: performance.now() - started, decoded, lastCallId: last?.callId };
      },
    };

    const results = new Map<keyof typeof loops, Timed>();
    for (const [name, loop] of Object.entries(loops) as [keyof typeof loops, typeof loops.avsc][]) {
      await loop(buffers.slice(0, WARMUP_RECORDS));
      const timed = await loop(buffers);
      if (timed.decoded !== buffers.length || timed.lastCallId !== expectedLastCallId)
        throw new PipelineError(
          'PIPELINE_FAILED',
          `avro-decode ${name}: decoded ${timed.decoded} of ${buffers.length} records, last ${timed.lastCallId ?? 'none'}`,
        );
      results.set(name, timed);
    }

    const rate = (name: keyof typeof loops): number =>
      perSecond(buffers.length, results.get(name)?.ms ?? Number.NaN);
    const usPerRecord = (name: keyof typeof loops): string =>
      `${((1000 * (results.get(name)?.ms ?? Number.NaN)) / buffers.length).toFixed(2)} µs/record`;
    const measurements: Measurement[] = [
      {
        name: 'bare avsc fromBuffer',
        value: rate('avsc'),
        unit: 'records/s',
        note: `${usPerRecord('avsc')}, no registry client, header skipped`,
      },
      {
        name: 'AvroCodec.decode (registry client, schema cached)',
        value: rate('codec'),
        unit: 'records/s',
        note: usPerRecord('codec'),
      },
      {
        name: 'AvroCodec.decodeSync (writer schema cached, no promise)',
        value: rate('codecSync'),
        unit: 'records/s',
        note: usPerRecord('codecSync'),
      },
      {
        name: 'decode step (callRecordDecoder + checks)',
        value: rate('step'),
        unit: 'records/s',
        note: `${usPerRecord('step')}, batches of ${STEP_BATCH}`,
      },
      { name: 'decode step / bare avsc', value: rate('step') / rate('avsc'), unit: 'ratio' },
    ];
    return measurements;
  },
};
