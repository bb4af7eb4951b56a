import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { prepareDatabase } from '../../clickhouse/prepare-database.ts';
import { PipelineError } from '../../core/errors.ts';
import { ActionPolicy } from '../../fraud-actions/action-policy.ts';
import { FraudPartitionProcessor } from '../../fraud-job/fraud-partition-processor.ts';
import { startFraudJob } from '../../fraud-job/fraud-job.ts';
import { FraudDetector } from '../../fraud/fraud-detector.ts';
import { loadFraudRules } from '../../fraud/load-fraud-rules.ts';
import { createKafka } from '../../kafka/kafka-client.ts';
import { createNumberClassifier } from '../../numbering/classify.ts';
import { ReferenceDataStore } from '../../reference/reference-data-store.ts';
import { AvroCodec } from '../../schema-registry/avro-codec.ts';
import type { Command } from '../command.ts';
import { runUntilStopped } from '../run-until-stopped.ts';

export const detectCommand: Command = {
  name: 'detect',
  summary:
    'detect fraud in call records and registration events from Kafka, publish suspension commands (until stopped)',
  usage: 'detect',
  async run(args, { config, logger, signal }) {
    if (args.length > 0) throw new PipelineError('USAGE', `unexpected arguments: ${args.join(' ')}`);
    const rules = await loadFraudRules(config.fraudJob.rulesFile);
    const reference = await ReferenceDataStore.open(config.reference, { logger });
    const classify = createNumberClassifier(config.numbering);
    const clickhouse = await createClickHouseClient(config.clickhouse, logger);
    try {
      await prepareDatabase(clickhouse, config.clickhouse, logger);
      const job = await startFraudJob({
        job: config.fraudJob,
        actions: config.fraudActions,
        consumer: config.consumer,
        kafka: createKafka(config.kafka, logger),
        codec: new AvroCodec(config.schemaRegistry),
        clickhouse,
        rulesVersion: rules.version,
        newProcessor: (commandTopic) =>
          new FraudPartitionProcessor({
            detector: new FraudDetector({
              rules,
              reference: () => reference.current,
              classify,
              options: config.fraudDetector,
            }),
            policy: new ActionPolicy(config.fraudActions, {
              customerOf: (accountId) => reference.current.account(accountId)?.customer.id,
            }),
            ...(commandTopic === undefined ? {} : { commandTopic }),
          }),
        logger,
      });
      logger.info({ rules: rules.version }, 'fraud rules loaded');
      return await runUntilStopped(job, signal, logger, 'fraud detection');
    } finally {
      await clickhouse.close();
      reference.close();
    }
  },
};
