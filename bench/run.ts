import { fileURLToPath } from 'node:url';
import { resolveOptions } from '../pipelines/config/options.ts';
import { errorMessage } from '../pipelines/core/errors.ts';
import { createLogger } from '../pipelines/core/logger.ts';
import { avroDecode } from './avro-decode.ts';
import { bareConsumer } from './bare-consumer.ts';
import { clickHouseInsert } from './clickhouse-insert.ts';
import { fraudLatency } from './fraud-latency.ts';
import { report, type BenchContext, type Benchmark } from './benchmark.ts';
import { benchOptionsSpec } from './bench-options.ts';
import { BenchWorld } from './bench-world.ts';
import { ingestEndToEnd } from './ingest-end-to-end.ts';
import { ratingCore } from './rating-core.ts';
import { ratingEndToEnd } from './rating-end-to-end.ts';
import { machineInfo, renderMarkdown, writeReport, type BenchmarkResult } from './report.ts';
import { windowingThroughput } from './windowing-throughput.ts';

/**
 * Every benchmark, in the order they run. A benchmark may use values of those before it (ratios),
 * so `npm run bench -- bare-consumer` alone reports no ingest/bare ratio.
 */
const benchmarks: readonly Benchmark[] = [
  ingestEndToEnd,
  bareConsumer,
  avroDecode,
  clickHouseInsert,
  windowingThroughput,
  ratingCore,
  ratingEndToEnd,
  fraudLatency,
];

const RESULTS_DIRECTORY = fileURLToPath(new URL('./results/', import.meta.url));

function usage(): string {
  return [
    'usage: npm run bench [-- <benchmark>...]   (all by default)',
    '',
    ...benchmarks.map((b) => `  ${b.name.padEnd(18)} ${b.description}`),
    '',
    'environment:',
    ...Object.values(benchOptionsSpec).flatMap((f) => ('env' in f ? [`  ${f.env}: ${f.doc}`] : [])),
  ].join('\n');
}

function select(names: readonly string[]): readonly Benchmark[] | string {
  const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) return `unknown benchmark(s): ${unknown.join(', ')}`;
  return names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage());
    return 0;
  }
  const selected = select(args);
  if (typeof selected === 'string') {
    console.error(`${selected}\n\n${usage()}`);
    return 2;
  }
  const options = resolveOptions('bench', benchOptionsSpec, [], process.env);
  // The pipeline's producers choose partitions themselves (ReliableProducer); kafkajs's notice is noise here.
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] ??= '1';
  const machine = machineInfo();
  const progress = (line: string): void => {
    console.error(`[bench] ${line}`);
  };
  const world = new BenchWorld(options, createLogger({ level: options.logLevel, name: 'bench' }), progress);
  const values = new Map<string, number>();
  const context: BenchContext = {
    world,
    measured: (benchmark, measurement) => values.get(`${benchmark}\u0000${measurement}`),
    progress,
  };
  const results: BenchmarkResult[] = [];
  try {
    for (const benchmark of selected) {
      progress(`${benchmark.name}: running`);
      const started = performance.now();
      try {
        const measurements = (await benchmark.run(context)).map(report);
        for (const m of measurements) values.set(`${benchmark.name}\u0000${m.name}`, m.value);
        results.push({ ...describe(benchmark, started), measurements });
      } catch (error) {
        progress(`${benchmark.name}: FAILED: ${errorMessage(error)}`);
        results.push({ ...describe(benchmark, started), measurements: [], error: errorMessage(error) });
      }
    }
  } finally {
    await world.close();
  }

  const benchReport = {
    machine,
    settings: {
      records: options.records,
      partitions: options.partitions,
      publishChunk: options.publishChunk,
      accounts: options.accounts,
    },
    benchmarks: results,
  };
  const written = await writeReport(RESULTS_DIRECTORY, benchReport);
  console.log(renderMarkdown(benchReport));
  progress(`results written to ${written.json} and ${written.markdown}`);
  return results.some((r) => r.error !== undefined) ? 1 : 0;
}

function describe(benchmark: Benchmark, started: number): Omit<BenchmarkResult, 'measurements'> {
  return {
    name: benchmark.name,
    description: benchmark.description,
    seconds: (performance.now() - started) / 1000,
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    // kafkajs and chDB may keep handles open after closing; the results are written, so leave now.
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
