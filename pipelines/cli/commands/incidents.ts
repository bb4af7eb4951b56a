import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { prepareDatabase } from '../../clickhouse/prepare-database.ts';
import { PipelineError, errorMessage } from '../../core/errors.ts';
import {
  INCIDENT_FILE_FORMATS,
  incidentFileFormatOf,
  parseIncidentFile,
  type IncidentFileFormat,
} from '../../incidents/incident-file.ts';
import { insertIncidentTickets } from '../../incidents/incident-store.ts';
import { startIncidentsIngestJob } from '../../incidents/incidents-ingest-job.ts';
import { createKafka } from '../../kafka/kafka-client.ts';
import { AvroCodec } from '../../schema-registry/avro-codec.ts';
import { RejectsWriter } from '../../softswitch/rejects-writer.ts';
import type { Command } from '../command.ts';
import { runUntilStopped } from '../run-until-stopped.ts';

export const incidentsIngestCommand: Command = {
  name: 'incidents ingest',
  summary: 'consume Avro failure tickets from Kafka into ClickHouse until stopped (SIGINT/SIGTERM)',
  usage: 'incidents ingest',
  async run(args, { config, logger, signal }) {
    if (args.length > 0) throw new PipelineError('USAGE', `unexpected arguments: ${args.join(' ')}`);
    const incidents = config.incidents;
    const clickhouse = await createClickHouseClient(config.clickhouse, logger);
    try {
      const job = await startIncidentsIngestJob({
        incidents,
        consumer: config.consumer,
        kafka: createKafka(config.kafka, logger),
        codec: new AvroCodec(config.schemaRegistry),
        clickhouse,
        deduplicationToken: !config.clickhouse.legacyServer,
        logger,
      });
      return await runUntilStopped(job, signal, logger, 'incidents ingest');
    } finally {
      await clickhouse.close();
    }
  },
};

function fileFormat(path: string, given: string | undefined): IncidentFileFormat {
  const format = given ?? incidentFileFormatOf(path);
  if (format === undefined)
    throw new PipelineError(
      'USAGE',
      `cannot tell the format of ${path}: give --format ${INCIDENT_FILE_FORMATS.join('|')}`,
    );
  if (!(INCIDENT_FILE_FORMATS as readonly string[]).includes(format))
    throw new PipelineError('USAGE', `--format must be one of ${INCIDENT_FILE_FORMATS.join(', ')}`);
  return format as IncidentFileFormat;
}

export const incidentsImportCommand: Command = {
  name: 'incidents import',
  summary:
    'load failure ticket events from a JSON Lines or CSV file into ClickHouse (same validation as Kafka)',
  usage: 'incidents import <file.jsonl|file.csv> [--format jsonl|csv] [--rejects FILE]',
  async run(args, context) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: { format: { type: 'string' }, rejects: { type: 'string' } },
      });
    } catch (error) {
      throw new PipelineError('USAGE', errorMessage(error));
    }
    const [path, ...extra] = parsed.positionals;
    if (path === undefined || extra.length > 0)
      throw new PipelineError('USAGE', 'give exactly one file to import');
    const format = fileFormat(path, parsed.values.format);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new PipelineError('IMPORT_FILE_UNREADABLE', `cannot read ${path}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const rows = parseIncidentFile(text, format);
    const rejects = await RejectsWriter.open(parsed.values.rejects ?? `${path}.rejects.csv`);
    try {
      const accepted = [];
      for (const row of rows) {
        if (row.ok) accepted.push(row.ticket);
        else await rejects.write(row);
      }
      const clickhouse = await createClickHouseClient(context.config.clickhouse, context.logger);
      try {
        await prepareDatabase(clickhouse, context.config.clickhouse, context.logger);
        await insertIncidentTickets(clickhouse, accepted, basename(path));
      } finally {
        await clickhouse.close();
      }
      context.out(
        `${path}: ${rows.length} events, ${accepted.length} stored, ${rejects.count} rejected (${rejects.path})`,
      );
      return rejects.count > 0 ? 3 : 0;
    } finally {
      await rejects.close();
    }
  },
};
