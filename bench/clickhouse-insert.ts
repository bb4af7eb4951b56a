import { PipelineError } from '../pipelines/core/errors.ts';
import type { CallRecord } from '../pipelines/ingest/call-record.ts';
import { callRecordRow } from '../pipelines/ingest/call-record-row.ts';
import { ingestOptionsSpec } from '../pipelines/ingest/ingest-options.ts';
import { parseOptions } from '../pipelines/config/options.ts';
import { clickHouseSinkStep } from '../pipelines/sinks/clickhouse-sink-step.ts';
import type { Decoded } from '../pipelines/streaming/decode-step.ts';
import { perSecond, type Benchmark, type Measurement } from './benchmark.ts';

const MAX_RECORDS = 100_000;
const WARMUP_RECORDS = 10_000;
const TOPIC = 'bench.clickhouse-insert';

function microsPerRecord(ms: number, records: number): string {
  return `${((1000 * ms) / records).toFixed(2)} µs/record`;
}

/**
 * The sink side of ingest-e2e alone, on already decoded records: callRecordRow, the JSON encoding
 * @clickhouse/client does for JSONEachRow, and the sink step (clickHouseSinkStep, deduplication token
 * on) inserting into a copy of the ingest table in chDB, in batches the size ingest-e2e gets.
 */
export const clickHouseInsert: Benchmark = {
  name: 'clickhouse-insert',
  description:
    'the ClickHouse sink step alone (row mapping, JSON encoding, insert into chDB), same batch size',
  async run({ world, progress }) {
    const { clickhouse } = await world.services();
    const source = parseOptions('ingest', ingestOptionsSpec, {}).table;
    const table = world.uniqueName('bench_insert').replace(/-/g, '_');
    const batchSize = Math.max(1, Math.round(world.settings.publishChunk / world.settings.partitions));
    const decoded: Decoded<CallRecord>[] = [];
    for (const value of world.callRecords()) {
      if (decoded.length === MAX_RECORDS) break;
      const offset = String(decoded.length);
      decoded.push({
        record: { topic: TOPIC, partition: 0, offset, timestamp: '0', key: null, value: null, headers: {} },
        value,
      });
    }
    const records = decoded.length;

    // The JIT first: the ingest job reaches these functions warm too.
    decoded.slice(0, WARMUP_RECORDS).map((d) => JSON.stringify(callRecordRow(d)));
    let started = performance.now();
    const rows = decoded.map(callRecordRow);
    const mappingMs = performance.now() - started;
    started = performance.now();
    const body = rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    const encodingMs = performance.now() - started;

    await clickhouse.command({ query: `CREATE TABLE ${table} AS ${source}` });
    try {
      const sink = clickHouseSinkStep<CallRecord>({
        client: clickhouse,
        table,
        toRow: callRecordRow,
        deduplicationToken: true,
      });
      let inserts = 0;
      started = performance.now();
      for (let first = 0; first < records; first += batchSize) {
        const slice = decoded.slice(first, first + batchSize);
        const lastOffset = slice.at(-1)?.record.offset ?? String(first);
        await sink.run(
          { batch: { topic: TOPIC, partition: 0, records: [] }, decoded: slice, rejected: [] },
          { topic: TOPIC, partition: 0, firstOffset: String(first), lastOffset, logger: world.logger },
        );
        inserts++;
      }
      const sinkMs = performance.now() - started;
      const result = await clickhouse.query({
        query: `SELECT count() AS rows FROM ${table}`,
        format: 'JSONEachRow',
      });
      const [row] = await result.json<{ rows: string }>();
      if (Number(row?.rows) !== records)
        throw new PipelineError(
          'PIPELINE_FAILED',
          `clickhouse-insert: ${row?.rows ?? 0} rows in ${table}, expected ${records}`,
        );
      progress(
        `clickhouse-insert: ${records} rows in ${inserts} inserts, ${Math.round(perSecond(records, sinkMs))} rows/s`,
      );

      const measurements: Measurement[] = [
        {
          name: 'row mapping (callRecordRow)',
          value: perSecond(records, mappingMs),
          unit: 'records/s',
          note: microsPerRecord(mappingMs, records),
        },
        {
          name: 'JSON encoding of the rows (JSONEachRow body)',
          value: perSecond(records, encodingMs),
          unit: 'records/s',
          note: `${microsPerRecord(encodingMs, records)}, ${Math.round(body.length / records)} bytes/row`,
        },
        {
          name: 'sink step (map + encode + insert into chDB)',
          value: perSecond(records, sinkMs),
          unit: 'records/s',
          note: `${microsPerRecord(sinkMs, records)}; ${inserts} inserts of ${batchSize} rows, ${(sinkMs / inserts).toFixed(1)} ms/insert`,
        },
      ];
      return measurements;
    } finally {
      await clickhouse.command({ query: `DROP TABLE IF EXISTS ${table}` });
    }
  },
};
