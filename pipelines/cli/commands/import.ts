import { parseArgs } from 'node:util';
import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { prepareDatabase } from '../../clickhouse/prepare-database.ts';
import { PipelineError, errorMessage } from '../../core/errors.ts';
import { CallRecordPublisher } from '../../ingest/call-record-publisher.ts';
import type { CallRecord } from '../../ingest/call-record.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../../ingest/schema-files.ts';
import { createKafka } from '../../kafka/kafka-client.ts';
import { ReliableProducer } from '../../kafka/reliable-producer.ts';
import { rateCdrFile } from '../../rating-job/rate-cdr-file.ts';
import { openRatingRuntime } from '../../rating-job/rating-runtime.ts';
import { RatingSink } from '../../rating-job/rating-sink.ts';
import { WholeMonthRerater } from '../../rating-job/whole-month-rerater.ts';
import { AvroCodec } from '../../schema-registry/avro-codec.ts';
import {
  ImportProgress,
  RejectsWriter,
  formatProgress,
  loadCsvMappingFile,
  openCdrFile,
  reportProgressEvery,
  type CdrFile,
  type CdrFormatOptions,
} from '../../softswitch/index.ts';
import type { Command, CommandContext } from '../command.ts';

const PUBLISH_BATCH = 5000;

async function formatOptions(
  format: string | undefined,
  mapping: string | undefined,
  timeZone: string | undefined,
  softswitch: string | undefined,
): Promise<CdrFormatOptions> {
  const common = {
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(softswitch === undefined ? {} : { softswitch }),
  };
  switch (format) {
    case 'asterisk':
      return { format: 'asterisk', ...common };
    case 'freeswitch':
      return { format: 'freeswitch', ...common };
    case 'csv':
      if (mapping === undefined)
        throw new PipelineError('USAGE', '--format csv needs --mapping FILE (YAML or JSON)');
      return { format: 'csv', mapping: await loadCsvMappingFile(mapping), ...common };
    default:
      throw new PipelineError('USAGE', '--format must be asterisk, freeswitch or csv');
  }
}

async function publish(
  file: CdrFile,
  rejects: RejectsWriter,
  { config, logger }: CommandContext,
): Promise<{ published: number }> {
  const kafka = createKafka(config.kafka, logger);
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  try {
    const codec = new AvroCodec(config.schemaRegistry);
    const publisher = new CallRecordPublisher(
      codec,
      await codec.register(CALL_RECORD_SCHEMA_FILE),
      new ReliableProducer(producer, admin, logger),
      config.ingest.topic,
    );
    let pending: CallRecord[] = [];
    let published = 0;
    for await (const batch of file.batches()) {
      for (const row of batch) {
        if (row.ok) pending.push(row.record);
        else await rejects.write(row);
      }
      if (pending.length >= PUBLISH_BATCH) {
        await publisher.publish(pending);
        published += pending.length;
        pending = [];
      }
    }
    if (pending.length > 0) await publisher.publish(pending);
    return { published: published + pending.length };
  } finally {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  }
}

export const importCommand: Command = {
  name: 'import',
  summary:
    'read a softswitch CDR export: rate it into ClickHouse (default, no server needed) or --publish it to Kafka',
  usage:
    'import <file> --format asterisk|freeswitch|csv [--mapping FILE] [--time-zone TZ] [--softswitch NAME] [--rejects FILE] [--publish]',
  async run(args, context) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          format: { type: 'string' },
          mapping: { type: 'string' },
          'time-zone': { type: 'string' },
          softswitch: { type: 'string' },
          rejects: { type: 'string' },
          publish: { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      throw new PipelineError('USAGE', errorMessage(error));
    }
    const [path, ...extra] = parsed.positionals;
    if (path === undefined || extra.length > 0)
      throw new PipelineError('USAGE', 'give exactly one file to import');
    const { values } = parsed;
    const file = openCdrFile(
      path,
      await formatOptions(values.format, values.mapping, values['time-zone'], values.softswitch),
    );
    const rejects = await RejectsWriter.open(values.rejects ?? `${path}.rejects.csv`);
    const progress = reportProgressEvery(new ImportProgress(file), 5000, (snapshot) => {
      context.logger.info({ progress: snapshot }, formatProgress(snapshot));
    });
    const started = performance.now();
    try {
      if (values.publish) {
        const { published } = await publish(file, rejects, context);
        context.out(
          `published ${published} call records to ${context.config.ingest.topic}; ${rejects.count} rejected rows in ${rejects.path}`,
        );
        return rejects.count > 0 ? 3 : 0;
      }
      const runtime = await openRatingRuntime(context.config, context.logger);
      const clickhouse = await createClickHouseClient(context.config.clickhouse, context.logger);
      try {
        await prepareDatabase(clickhouse, context.config.clickhouse, context.logger);
        const sink = new RatingSink(
          clickhouse,
          new WholeMonthRerater(clickhouse, () => runtime.reference.current, runtime.classify),
        );
        const summary = await rateCdrFile(file, {
          processor: runtime.newProcessor(),
          sink,
          rejects,
          classify: runtime.classify,
        });
        const seconds = (performance.now() - started) / 1000;
        context.out(
          `${path}: ${summary.rows} rows, ${summary.accepted} rated, ${summary.rejected} rejected (${rejects.path}); ` +
            `${sink.totals.ratedCalls} rated calls and ${sink.totals.breaches} fair-use breaches stored in ${seconds.toFixed(1)} s`,
        );
        return summary.rejected > 0 ? 3 : 0;
      } finally {
        await clickhouse.close();
        runtime.close();
      }
    } finally {
      progress.stop();
      await rejects.close();
    }
  },
};
