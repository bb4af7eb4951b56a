import type { Measurement } from './benchmark.ts';
import type { BatchTiming } from './ingest-probe.ts';

type Phase = Exclude<keyof BatchTiming, 'records' | 'handlerMs'>;

const phases: readonly { readonly key: Phase; readonly label: string }[] = [
  { key: 'decode', label: 'Avro decode (AvroCodec.decodeSync per record)' },
  { key: 'decodeToInsert', label: 'row mapping for the insert (callRecordRow, offset filter)' },
  { key: 'query', label: 'sink offset lookup (first batch of a partition)' },
  { key: 'insert', label: 'ClickHouse insert (JSON encoding + chDB)' },
  { key: 'commit', label: 'offset commit' },
].map(({ key, label }) => ({ key: `${key}Ms` as Phase, label }));

function sum(batches: readonly BatchTiming[], pick: (b: BatchTiming) => number): number {
  return batches.reduce((total, b) => total + pick(b), 0);
}

function share(ms: number, activeMs: number): number {
  return (100 * ms) / activeMs;
}

/**
 * Where the ingest time went, as shares of the time from the first batch to the last commit: each
 * timed phase, the rest of the batch handler, and the time outside any handler (kafkajs fetching,
 * decompressing and waiting for the broker; the handler runs one batch at a time).
 */
export function profileMeasurements(batches: readonly BatchTiming[], activeMs: number): Measurement[] {
  const records = sum(batches, (b) => b.records);
  const handlerMs = sum(batches, (b) => b.handlerMs);
  const measurements: Measurement[] = [
    {
      name: 'batches',
      value: batches.length,
      unit: 'batches',
      note: `${Math.round(records / Math.max(1, batches.length))} records per batch on average`,
    },
  ];
  let timedMs = 0;
  for (const { key, label } of phases) {
    const ms = sum(batches, (b) => b[key]);
    timedMs += ms;
    measurements.push({
      name: `time share: ${label}`,
      value: share(ms, activeMs),
      unit: '%',
      note: `${Math.round(ms)} ms, ${((1000 * ms) / Math.max(1, records)).toFixed(2)} µs/record, ${(ms / Math.max(1, batches.length)).toFixed(1)} ms/batch`,
    });
  }
  const otherMs = handlerMs - timedMs;
  const insertMs = sum(batches, (b) => b.insertMs);
  measurements.push(
    {
      name: 'time share: rest of the batch handler',
      value: share(otherMs, activeMs),
      unit: '%',
      note: `${Math.round(otherMs)} ms: per-record glue of the decode step (shape check, CallRecord checks), SourceRecord mapping, retry wrapper`,
    },
    {
      name: 'time share: outside the batch handler',
      value: share(activeMs - handlerMs, activeMs),
      unit: '%',
      note: `${Math.round(activeMs - handlerMs)} ms (kafkajs fetch and batch parsing, waiting for the broker)`,
    },
    {
      name: 'estimate: throughput if the insert took no time',
      value: (1000 * records) / (activeMs - insertMs),
      unit: 'records/s',
      note: 'records over the time after the first batch less the insert time: the ceiling of everything but the insert',
    },
  );
  return measurements;
}
