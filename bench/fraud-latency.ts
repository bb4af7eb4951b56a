import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseOptions, resolveOptions } from '../pipelines/config/options.ts';
import { PipelineError } from '../pipelines/core/errors.ts';
import { sleep } from '../pipelines/core/retry.ts';
import { ActionPolicy } from '../pipelines/fraud-actions/action-policy.ts';
import { fraudActionsOptionsSpec } from '../pipelines/fraud-actions/fraud-actions-options.ts';
import { fraudJobOptionsSpec } from '../pipelines/fraud-job/fraud-job-options.ts';
import { startFraudJob, type FraudJob } from '../pipelines/fraud-job/fraud-job.ts';
import { FraudPartitionProcessor } from '../pipelines/fraud-job/fraud-partition-processor.ts';
import { FraudDetector } from '../pipelines/fraud/fraud-detector.ts';
import { loadFraudRules } from '../pipelines/fraud/load-fraud-rules.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../pipelines/ingest/schema-files.ts';
import { consumerGroupOptionsSpec } from '../pipelines/kafka/kafka-options.ts';
import { createNumberClassifier } from '../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../pipelines/numbering/numbering-options.ts';
import { loadReferenceData } from '../pipelines/reference/load-reference-data.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../pipelines/registration/schema-file.ts';
import type { BenchContext, Benchmark, Measurement, Target } from './benchmark.ts';
import type {
  ChildMessage,
  CommandSeen,
  LoadPlan,
  ParentMessage,
  ProductionSummary,
} from './fraud-load-generator.ts';
import { fraudLatencyOptionsSpec, type FraudLatencyOptions } from './fraud-latency-options.ts';
import { FraudJobProbe } from './fraud-probe.ts';

export const FRAUD_LATENCY = 'fraud-latency';
/** Issue 4: p99 detection latency under 1 s at 50k events/s. */
const TARGET_RATE = 50_000;
const TARGET_P99_MS = 1000;
const REFERENCE_DIRECTORY = 'infra/reference/demo';
const GENERATOR = fileURLToPath(new URL('./fraud-load-generator.ts', import.meta.url));
const DRAIN_TIMEOUT_MS = 60_000;
const COMMANDS_TIMEOUT_MS = 15_000;

/**
 * Event-to-command latency of the real fraud job (startFraudJob, default rules and options, the demo reference
 * data) over the mock cluster, the Schema Registry double and chDB, under live traffic paced at several rates
 * by a child process, with credential thefts injected; latency = when the suspension is read from the command
 * topic less its effectiveAt (the event time of the successful registration that made the rule critical, which
 * is the wall-clock instant it was produced).
 */
export const fraudLatency: Benchmark = {
  name: FRAUD_LATENCY,
  description:
    'startFraudJob under paced live traffic with injected credential thefts: event-to-command latency per input rate',
  async run(context) {
    const options = resolveOptions('benchFraudLatency', fraudLatencyOptionsSpec, [], process.env);
    const measurements: Measurement[] = [];
    for (const text of options.rates) {
      const rate = Number(text);
      if (!Number.isSafeInteger(rate) || rate < 1)
        throw new PipelineError('CONFIG_INVALID', `BENCH_FRAUD_RATES: not a rate: ${text}`);
      measurements.push(...(await runAtRate(context, options, rate)));
    }
    return measurements;
  },
};

interface RateRun {
  readonly summary: ProductionSummary;
  readonly commands: readonly CommandSeen[];
  readonly lagAtEnd: number;
  readonly maxLag: number;
  readonly drainSeconds: number;
  readonly cpuPercent: number;
}

async function runAtRate(
  context: BenchContext,
  options: FraudLatencyOptions,
  rate: number,
): Promise<Measurement[]> {
  const { world, progress } = context;
  const { infrastructure, kafka, codec, clickhouse } = await world.services();
  const runId = world.uniqueName('fraud');
  const topics = {
    calls: `${runId}.calls`,
    registrations: `${runId}.registrations`,
    commands: `${runId}.commands`,
    alerts: `${runId}.alerts`,
    deadLetters: `${runId}.dlq`,
  };
  await Promise.all([
    infrastructure.kafka.createTopic(topics.calls, options.partitions),
    infrastructure.kafka.createTopic(topics.registrations, options.partitions),
    infrastructure.kafka.createTopic(topics.commands, options.partitions),
    infrastructure.kafka.createTopic(topics.alerts, 1),
    infrastructure.kafka.createTopic(topics.deadLetters, 1),
  ]);
  const [callSchemaId, registrationSchemaId, rules, reference] = await Promise.all([
    codec.register(CALL_RECORD_SCHEMA_FILE),
    codec.register(REGISTRATION_EVENT_SCHEMA_FILE),
    loadFraudRules(),
    loadReferenceData(REFERENCE_DIRECTORY),
  ]);
  const classify = createNumberClassifier(parseNumberingOptions());
  const actions = parseOptions('fraudActions', fraudActionsOptionsSpec, {
    commandTopic: topics.commands,
    alertTopic: topics.alerts,
  });
  const probe = new FraudJobProbe();
  const job = await startFraudJob({
    job: parseOptions('fraudJob', fraudJobOptionsSpec, {
      callsTopic: topics.calls,
      registrationsTopic: topics.registrations,
      deadLetterTopic: topics.deadLetters,
      groupId: runId,
    }),
    actions,
    consumer: parseOptions('consumer', consumerGroupOptionsSpec, {}),
    kafka: probe.kafka(kafka),
    codec,
    clickhouse: probe.clickhouse(clickhouse),
    rulesVersion: rules.version,
    newProcessor: (commandTopic) =>
      new FraudPartitionProcessor({
        detector: new FraudDetector({ rules, reference: () => reference, classify }),
        policy: new ActionPolicy(actions, { customerOf: (id) => reference.account(id)?.customer.id }),
        ...(commandTopic === undefined ? {} : { commandTopic }),
      }),
    logger: world.logger,
  });
  progress(`${FRAUD_LATENCY}: ${rate} events/s: job running on ${runId}`);
  let run: RateRun;
  try {
    run = await drive(
      job,
      {
        brokers: infrastructure.kafka.bootstrapServers,
        registryUrl: infrastructure.schemaRegistry.url,
        callSchemaId,
        registrationSchemaId,
        topics,
        partitions: options.partitions,
        runId,
        rate,
        warmupSeconds: options.warmupSeconds,
        measureSeconds: options.measureSeconds,
        accounts: options.accounts,
        registrationShare: 0.5,
        attacksPerSecond: options.attacksPerSecond,
        failuresPerAttack: 12,
        theftDelayMs: 100,
      },
      progress,
    );
  } finally {
    await job.stop();
  }
  for (const [name, times] of probe.calls) {
    progress(
      `${FRAUD_LATENCY}: ${name.replaceAll(`${runId}.`, '')}: ${times.count} calls, ${Math.round(times.totalMs)} ms in all, ` +
        `mean ${(times.totalMs / times.count).toFixed(1)} ms, max ${Math.round(times.maxMs)} ms`,
    );
  }
  return measurementsOf(rate, run, progress);
}

/** Forks the load generator, follows the job's progress until the load is produced and processed. */
async function drive(job: FraudJob, plan: LoadPlan, progress: (line: string) => void): Promise<RateRun> {
  const child = fork(GENERATOR, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const commands: CommandSeen[] = [];
  let produced = 0;
  let summary: ProductionSummary | undefined;
  let failure: string | undefined;
  let jobFailure: unknown;
  job.done().catch((error: unknown) => {
    jobFailure = error;
  });
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: ChildMessage) => {
      switch (message.type) {
        case 'ready':
          tell(child, { type: 'start', plan });
          break;
        case 'reader-joined':
          resolve();
          break;
        case 'progress':
          produced = message.produced;
          break;
        case 'produced':
          summary = message.summary;
          produced = message.summary.produced;
          break;
        case 'commands':
          commands.push(...message.commands);
          break;
        case 'failed':
          failure = message.error;
          break;
      }
    });
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  try {
    await ready;
    // Records the job has taken in, less the commands it read back from the command topic.
    const processed = (): number => job.consumer.stats.recordsCommitted - commands.length;
    const check = (): void => {
      if (failure !== undefined)
        throw new PipelineError('PIPELINE_FAILED', `load generator failed: ${failure}`);
      if (jobFailure !== undefined)
        throw new PipelineError('PIPELINE_FAILED', 'the fraud job failed', { cause: jobFailure });
    };
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    let maxLag = 0;
    let lastReport = Date.now();
    while (summary === undefined) {
      check();
      await sleep(100);
      maxLag = Math.max(maxLag, produced - processed());
      if (Date.now() - lastReport >= 5000) {
        progress(
          `${FRAUD_LATENCY}: ${plan.rate}/s: produced ${produced}, lag ${produced - processed()}, commands ${commands.length}`,
        );
        lastReport = Date.now();
      }
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100;
    const done: ProductionSummary = summary;
    const lagAtEnd = Math.max(0, done.produced - processed());
    const drainStarted = performance.now();
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (processed() < done.produced && Date.now() < deadline) {
      check();
      await sleep(20);
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const victims = (): number => new Set(commands.filter((c) => c.victim).map((c) => c.accountId)).size;
    const commandsDeadline = Date.now() + COMMANDS_TIMEOUT_MS;
    while (victims() < done.attacks && Date.now() < commandsDeadline) {
      check();
      await sleep(50);
    }
    return { summary: done, commands, lagAtEnd, maxLag, drainSeconds, cpuPercent };
  } finally {
    tell(child, { type: 'stop' });
    const killed = setTimeout(() => child.kill(), 5000);
    await exited;
    clearTimeout(killed);
  }
}

function tell(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function measurementsOf(rate: number, run: RateRun, progress: (line: string) => void): Measurement[] {
  const { summary } = run;
  // A command id may be published twice (a batch retried after a failure): the first read counts.
  const firsts = new Map<string, CommandSeen>();
  for (const command of run.commands) {
    const key = `${command.kind}\u0000${command.accountId}`;
    if (!firsts.has(key)) firsts.set(key, command);
  }
  const duplicates = run.commands.length - firsts.size;
  const measured = [...firsts.values()].filter((c) => c.measured);
  const latencies = measured.map((c) => c.latencyMs).sort((a, b) => a - b);
  const falsePositives = [...firsts.values()].filter((c) => !c.victim).length;
  const wrongTime = measured.filter((c) => !c.effectiveAtIsTheft).length;
  const achieved = summary.measuredProduced / summary.measuredSeconds;
  const keptUp = run.drainSeconds < 1 && run.lagAtEnd < rate;
  const label = `${String(rate / 1000)}k/s`;
  const p99Target: Target | undefined =
    rate >= TARGET_RATE ? { comparison: '<=', value: TARGET_P99_MS } : undefined;
  progress(
    `${FRAUD_LATENCY}: ${label}: ${Math.round(achieved)} events/s, ${measured.length}/${summary.measuredAttacks} thefts suspended, ` +
      `p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms, max ${latencies.at(-1) ?? Number.NaN} ms, ` +
      `lag at end ${run.lagAtEnd}, drained in ${run.drainSeconds.toFixed(1)} s`,
  );
  return [
    {
      name: `${label}: achieved input rate`,
      value: achieved,
      unit: 'events/s',
      note: `${summary.measuredProduced} events in ${summary.measuredSeconds.toFixed(1)} s after warm-up (${summary.produced} in all); longest producer send ${Math.round(summary.maxSendMs)} ms`,
    },
    {
      name: `${label}: suspensions measured`,
      value: measured.length,
      unit: 'commands',
      note:
        `of ${summary.measuredAttacks} thefts injected after warm-up (${summary.attacks} in all); ` +
        `${falsePositives} command(s) for ordinary accounts; ${wrongTime} with effectiveAt not the theft's event time; ${duplicates} read again (same account and kind)`,
    },
    { name: `${label}: latency p50`, value: quantile(latencies, 0.5), unit: 'ms' },
    { name: `${label}: latency p95`, value: quantile(latencies, 0.95), unit: 'ms' },
    {
      name: `${label}: latency p99`,
      value: quantile(latencies, 0.99),
      unit: 'ms',
      ...(p99Target === undefined ? {} : { target: p99Target }),
      note: 'command read from the topic (wall clock) less its effectiveAt (event time of the theft = instant produced)',
    },
    { name: `${label}: latency max`, value: latencies.at(-1) ?? Number.NaN, unit: 'ms' },
    {
      name: `${label}: consumer lag when production stopped`,
      value: run.lagAtEnd,
      unit: 'events',
      note: `${(run.lagAtEnd / rate).toFixed(2)} s of input; highest lag sampled ${run.maxLag}; drained ${run.drainSeconds.toFixed(1)} s after production stopped`,
    },
    {
      name: `${label}: job process CPU`,
      value: run.cpuPercent,
      unit: '% of a core',
      note: 'the bench process (fraud job, chDB, kafkajs) during production; the load generator is another process',
    },
    {
      name: `${label}: kept up`,
      value: keptUp ? 1 : 0,
      unit: 'yes=1',
      note: 'lag when production stopped under 1 s of input and drained within 1 s',
    },
  ];
}
