import { parseArgs } from 'node:util';
import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { PipelineError, errorMessage } from '../../core/errors.ts';
import { AccountCommandPublisher } from '../../fraud-actions/account-command-publisher.ts';
import {
  reinstateCommand,
  requestIdOf,
  type ReinstateRequest,
} from '../../fraud-actions/operator-command.ts';
import { publishOperatorCommand } from '../../fraud-actions/operator-reinstatement.ts';
import { ACCOUNT_COMMAND_SCHEMA_FILE } from '../../fraud-actions/schema-files.ts';
import { createKafka } from '../../kafka/kafka-client.ts';
import { ReliableProducer } from '../../kafka/reliable-producer.ts';
import { AvroCodec } from '../../schema-registry/avro-codec.ts';
import type { Command } from '../command.ts';

/**
 * Parses `<account> --reason TEXT [--operator NAME] [--request-id ID] [--at ISO-INSTANT]`. The operator
 * defaults to $USER, the time to `now`. Fails with USAGE.
 */
export function parseReinstateArguments(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): ReinstateRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        reason: { type: 'string' },
        operator: { type: 'string' },
        'request-id': { type: 'string' },
        at: { type: 'string' },
      },
    });
  } catch (error) {
    throw new PipelineError('USAGE', errorMessage(error));
  }
  const [accountId, ...extra] = parsed.positionals;
  if (accountId === undefined || accountId.trim() === '' || extra.length > 0) {
    throw new PipelineError('USAGE', 'give exactly one SIP account to reinstate');
  }
  const { reason, operator, at } = parsed.values;
  const requestId = parsed.values['request-id'];
  if (reason === undefined || reason.trim() === '')
    throw new PipelineError('USAGE', '--reason "..." is required');
  if (requestId?.trim() === '') throw new PipelineError('USAGE', '--request-id must not be empty');
  const requestedAt = at === undefined ? now : new Date(at);
  if (at !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(requestedAt.getTime()))) {
    throw new PipelineError(
      'USAGE',
      `--at must be an ISO 8601 instant (2026-03-10T10:00:00Z), got ${JSON.stringify(at)}`,
    );
  }
  const name = operator ?? env['USER'] ?? 'operator';
  if (name.trim() === '') throw new PipelineError('USAGE', '--operator must not be empty');
  return {
    accountId,
    reason: reason.trim(),
    operator: name,
    requestedAt,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

export const accountReinstateCommand: Command = {
  name: 'account reinstate',
  summary: 'lift a fraud suspension or restriction: publish a reinstate command and record it (idempotent)',
  usage: 'account reinstate <account> --reason TEXT [--operator NAME] [--request-id ID] [--at ISO-TIME]',
  async run(args, { config, logger, env, out }) {
    const request = parseReinstateArguments(args, env, new Date());
    const command = reinstateCommand(request);
    const requestId = requestIdOf(request);
    const { commandTopic } = config.fraudActions;
    const clickhouse = await createClickHouseClient(config.clickhouse, logger);
    const kafka = createKafka(config.kafka, logger);
    const producer = kafka.producer();
    const admin = kafka.admin();
    try {
      await Promise.all([producer.connect(), admin.connect()]);
      const codec = new AvroCodec(config.schemaRegistry);
      const publisher = new AccountCommandPublisher(
        codec,
        await codec.register(ACCOUNT_COMMAND_SCHEMA_FILE),
        new ReliableProducer(producer, admin, logger),
        commandTopic,
      );
      const result = await publishOperatorCommand(clickhouse, publisher, command);
      logger.info(
        { accountId: request.accountId, commandId: result.command.commandId, outcome: result.outcome },
        'operator reinstatement',
      );
      out(
        result.outcome === 'published'
          ? `reinstate command ${result.command.commandId} for account ${request.accountId} published to ${commandTopic}`
          : `reinstate command ${result.command.commandId} for account ${request.accountId} was already published (${result.command.effectiveAt.toISOString()}); nothing sent`,
      );
      out(
        `request id ${requestId}: to retry this request without a duplicate, repeat it with --request-id ${requestId}`,
      );
      return 0;
    } finally {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      await clickhouse.close();
    }
  },
};
