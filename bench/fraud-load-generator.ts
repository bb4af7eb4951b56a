/**
 * Child process of the fraud-latency benchmark (forked by bench/fraud-latency.ts, so that producing the load
 * does not share the fraud job's event loop): produces live traffic at a paced rate into the calls and
 * registrations topics, injects credential thefts, and reads the command topic, reporting for every command the
 * wall-clock instant it was read less its effectiveAt (the event time of the record that triggered it).
 */
import { parseOptions } from '../pipelines/config/options.ts';
import { errorMessage } from '../pipelines/core/errors.ts';
import { createLogger } from '../pipelines/core/logger.ts';
import { sleep } from '../pipelines/core/retry.ts';
import { accountCommandOf } from '../pipelines/fraud-actions/command-record.ts';
import { createKafka } from '../pipelines/kafka/kafka-client.ts';
import { kafkaOptionsSpec } from '../pipelines/kafka/kafka-options.ts';
import { partitionForKey } from '../pipelines/kafka/message-partitioner.ts';
import { ReliableProducer } from '../pipelines/kafka/reliable-producer.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../pipelines/ingest/schema-files.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../pipelines/registration/schema-file.ts';
import { AvroCodec } from '../pipelines/schema-registry/avro-codec.ts';
import { loadAvroSchema } from '../pipelines/schema-registry/avro-schema-file.ts';
import { LiveTraffic, attackAccount, type TrafficBatch } from './fraud-traffic.ts';

export interface LoadPlan {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  readonly callSchemaId: number;
  readonly registrationSchemaId: number;
  readonly topics: { readonly calls: string; readonly registrations: string; readonly commands: string };
  readonly partitions: number;
  readonly runId: string;
  /** Input events per second (ordinary traffic and attacks together). */
  readonly rate: number;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  readonly accounts: number;
  readonly registrationShare: number;
  readonly attacksPerSecond: number;
  /** Authentication failures before each theft (brute-force-then-success is critical at 10). */
  readonly failuresPerAttack: number;
  /** Time between an attack's failures and its successful registration. */
  readonly theftDelayMs: number;
}

export type ParentMessage = { readonly type: 'start'; readonly plan: LoadPlan } | { readonly type: 'stop' };

export interface ProductionSummary {
  readonly produced: number;
  /** Events produced in the measured window (after warm-up). */
  readonly measuredProduced: number;
  readonly measuredSeconds: number;
  readonly attacks: number;
  /** Thefts whose successful registration fell in the measured window. */
  readonly measuredAttacks: number;
  readonly sends: number;
  /** Longest producer.send (ms): the producer's own share of latency. */
  readonly maxSendMs: number;
}

export interface CommandSeen {
  readonly accountId: string;
  readonly kind: string;
  /** Read instant less effectiveAt (ms). */
  readonly latencyMs: number;
  /** The command answers a theft injected in the measured window. */
  readonly measured: boolean;
  /** The command's account is an injected victim (else: an ordinary account, a false positive). */
  readonly victim: boolean;
  /** effectiveAt equals the theft's event time (what the latency is taken from). */
  readonly effectiveAtIsTheft: boolean;
}

export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reader-joined' }
  | { readonly type: 'progress'; readonly produced: number }
  | { readonly type: 'produced'; readonly summary: ProductionSummary }
  | { readonly type: 'commands'; readonly commands: readonly CommandSeen[] }
  | { readonly type: 'failed'; readonly error: string };

const TICK_MS = 5;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function run(plan: LoadPlan, stopped: () => boolean): Promise<void> {
  const logger = createLogger({ level: 'warn', name: 'bench-load' });
  const kafka = createKafka(parseOptions('kafka', kafkaOptionsSpec, { brokers: [...plan.brokers] }), logger);
  const codec = new AvroCodec({ url: plan.registryUrl });
  const producer = kafka.producer();
  const admin = kafka.admin();
  const reader = kafka.consumer({
    groupId: `bench-command-reader-${plan.runId}`,
    // Long enough to survive a stall of this process when the machine is saturated (else: a rebalance).
    sessionTimeout: 15_000,
    heartbeatInterval: 1000,
    // The mock answers an empty fetch only after maxWait: poll often so the read instant is close to the write.
    maxWaitTimeInMs: 10,
  });
  await Promise.all([producer.connect(), admin.connect(), reader.connect()]);
  const reliable = new ReliableProducer(producer, admin, logger);

  const thefts = new Map<string, { at: number; measured: boolean }>();
  await reader.subscribe({ topic: plan.topics.commands, fromBeginning: true });
  const joined = new Promise<void>((resolve) => {
    const remove = reader.on(reader.events.GROUP_JOIN, () => {
      remove();
      resolve();
    });
  });
  await reader.run({
    eachBatch: async ({ batch }) => {
      const seenAt = Date.now();
      const commands: CommandSeen[] = [];
      for (const message of batch.messages) {
        if (message.value === null) continue;
        const decoded = await codec.decode(message.value);
        if (!decoded.ok) continue;
        const command = accountCommandOf(decoded.value);
        const theft = thefts.get(command.accountId);
        commands.push({
          accountId: command.accountId,
          kind: command.kind,
          latencyMs: seenAt - command.effectiveAt.getTime(),
          measured: theft?.measured ?? false,
          victim: theft !== undefined,
          effectiveAtIsTheft: theft?.at === command.effectiveAt.getTime(),
        });
      }
      if (commands.length > 0) send({ type: 'commands', commands });
    },
  });

  await joined;
  send({ type: 'reader-joined' });
  const traffic = new LiveTraffic(
    { accounts: plan.accounts, registrationShare: plan.registrationShare, seed: 7 },
    plan.runId,
  );
  // Confluent wire format written here (magic byte, schema id, Avro binary) with the same schema files the
  // parent registered: the registry client's per-record validation would make this process the bottleneck.
  const [callSchema, registrationSchema] = await Promise.all([
    loadAvroSchema(CALL_RECORD_SCHEMA_FILE),
    loadAvroSchema(REGISTRATION_EVENT_SCHEMA_FILE),
  ]);
  const encoder = (schemaId: number, type: typeof callSchema.type) => {
    const header = Buffer.alloc(5);
    header.writeUInt32BE(schemaId, 1);
    return (items: readonly { accountId: string }[]) =>
      items.map((item) => ({
        key: item.accountId,
        partition: partitionForKey(item.accountId, plan.partitions),
        value: Buffer.concat([header, type.toBuffer(item)]),
      }));
  };
  const encodeCalls = encoder(plan.callSchemaId, callSchema.type);
  const encodeRegistrations = encoder(plan.registrationSchemaId, registrationSchema.type);

  const started = Date.now();
  const measureFrom = started + plan.warmupSeconds * 1000;
  const end = measureFrom + plan.measureSeconds * 1000;
  const attackEveryMs = 1000 / plan.attacksPerSecond;
  let produced = 0;
  let measuredProduced = 0;
  let nextAttack = 0;
  let sends = 0;
  let maxSendMs = 0;
  const pendingThefts: { index: number; at: number }[] = [];
  let lastProgress = started;

  for (let now = Date.now(); now < end && !stopped(); now = Date.now()) {
    // At most 20 ms of input per send: a producer that falls behind shows as a lower achieved rate, not as
    // ever larger sends that stall this loop.
    const due = Math.min(
      Math.ceil(plan.rate / 50),
      Math.floor((plan.rate * (now - started)) / 1000) - produced,
    );
    const batch: TrafficBatch = { calls: [], registrations: [] };
    let attackEvents = 0;
    while (started + nextAttack * attackEveryMs <= now) {
      batch.registrations.push(...traffic.bruteForce(now, nextAttack, plan.failuresPerAttack));
      attackEvents += plan.failuresPerAttack;
      pendingThefts.push({ index: nextAttack, at: now + plan.theftDelayMs });
      nextAttack++;
    }
    while (pendingThefts.length > 0 && (pendingThefts[0]?.at ?? Infinity) <= now) {
      const theft = pendingThefts.shift();
      if (theft === undefined) break;
      batch.registrations.push(traffic.theft(now, theft.index));
      thefts.set(attackAccount(plan.runId, theft.index), { at: now, measured: now >= measureFrom });
      attackEvents++;
    }
    traffic.ordinary(now, Math.max(0, due - attackEvents), batch);
    const count = batch.calls.length + batch.registrations.length;
    if (count > 0) {
      const calls = encodeCalls(batch.calls);
      const registrations = encodeRegistrations(batch.registrations);
      const sendStarted = performance.now();
      await reliable.sendBatch([
        { topic: plan.topics.calls, messages: calls },
        { topic: plan.topics.registrations, messages: registrations },
      ]);
      maxSendMs = Math.max(maxSendMs, performance.now() - sendStarted);
      sends++;
      produced += count;
      if (now >= measureFrom) measuredProduced += count;
    }
    if (now - lastProgress >= 1000) {
      send({ type: 'progress', produced });
      lastProgress = now;
    }
    const wait = TICK_MS - (Date.now() - now);
    if (wait > 0) await sleep(wait);
  }
  const measuredThefts = [...thefts.values()].filter((t) => t.measured).length;
  send({
    type: 'produced',
    summary: {
      produced,
      measuredProduced,
      measuredSeconds: (Math.min(Date.now(), end) - measureFrom) / 1000,
      attacks: thefts.size,
      measuredAttacks: measuredThefts,
      sends,
      maxSendMs,
    },
  });
  // Keep reading commands until the parent says stop.
  while (!stopped()) await sleep(50);
  await Promise.allSettled([reader.disconnect(), producer.disconnect(), admin.disconnect()]);
}

let stopRequested = false;
process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  run(message.plan, () => stopRequested).then(
    () => process.exit(0),
    (error: unknown) => {
      send({ type: 'failed', error: errorMessage(error) });
      process.exit(1);
    },
  );
});
send({ type: 'ready' });
