import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { prepareDatabase } from '../../clickhouse/prepare-database.ts';
import { PipelineError } from '../../core/errors.ts';
import { createKafka } from '../../kafka/kafka-client.ts';
import { openRatingRuntime } from '../../rating-job/rating-runtime.ts';
import { RatingSink } from '../../rating-job/rating-sink.ts';
import { startRatingJob } from '../../rating-job/streaming-rating-job.ts';
import { WholeMonthRerater } from '../../rating-job/whole-month-rerater.ts';
import { AvroCodec } from '../../schema-registry/avro-codec.ts';
import type { Command } from '../command.ts';
import { runUntilStopped } from '../run-until-stopped.ts';

export const rateCommand: Command = {
  name: 'rate',
  summary:
    'rate call records and registration events from Kafka into ClickHouse until stopped (SIGINT/SIGTERM)',
  usage: 'rate',
  async run(args, { config, logger, signal }) {
    if (args.length > 0) throw new PipelineError('USAGE', `unexpected arguments: ${args.join(' ')}`);
    const runtime = await openRatingRuntime(config, logger);
    const clickhouse = await createClickHouseClient(config.clickhouse, logger);
    try {
      await prepareDatabase(clickhouse, config.clickhouse, logger);
      const job = await startRatingJob({
        job: config.ratingJob,
        consumer: config.consumer,
        kafka: createKafka(config.kafka, logger),
        codec: new AvroCodec(config.schemaRegistry),
        clickhouse,
        newProcessor: () => runtime.newProcessor(),
        sink: new RatingSink(
          clickhouse,
          new WholeMonthRerater(clickhouse, () => runtime.reference.current, runtime.classify),
        ),
        classify: runtime.classify,
        logger,
      });
      return await runUntilStopped(job, signal, logger, 'rating');
    } finally {
      await clickhouse.close();
      runtime.close();
    }
  },
};
