import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { PipelineError } from '../../core/errors.ts';
import { startIngestJob } from '../../ingest/ingest-job.ts';
import { createKafka } from '../../kafka/kafka-client.ts';
import { AvroCodec } from '../../schema-registry/avro-codec.ts';
import type { Command } from '../command.ts';
import { runUntilStopped } from '../run-until-stopped.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'consume Avro call records from Kafka into ClickHouse until stopped (SIGINT/SIGTERM)',
  usage: 'ingest',
  async run(args, { config, logger, signal }) {
    if (args.length > 0) throw new PipelineError('USAGE', `unexpected arguments: ${args.join(' ')}`);
    const clickhouse = await createClickHouseClient(config.clickhouse, logger);
    try {
      const job = await startIngestJob({
        ingest: config.ingest,
        consumer: config.consumer,
        kafka: createKafka(config.kafka, logger),
        codec: new AvroCodec(config.schemaRegistry),
        clickhouse,
        deduplicationToken: !config.clickhouse.legacyServer,
        logger,
      });
      return await runUntilStopped(job, signal, logger, 'ingest');
    } finally {
      await clickhouse.close();
    }
  },
};
