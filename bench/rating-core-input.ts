import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistryDouble } from '../infra/local/schema-registry-double.ts';
import { parseOptions } from '../pipelines/config/options.ts';
import {
  demoEventsInOrder,
  generateDemoMonth,
  writeDemoReferenceData,
} from '../pipelines/demo/month/index.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../pipelines/ingest/schema-files.ts';
import { createNumberClassifier } from '../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../pipelines/numbering/numbering-options.ts';
import type { RatingInput } from '../pipelines/rating-job/rating-input.ts';
import { RatingProcessor } from '../pipelines/rating-job/rating-processor.ts';
import { ratingOptionsSpec } from '../pipelines/rating-job/rating-options.ts';
import { loadReferenceData } from '../pipelines/reference/load-reference-data.ts';
import type { ReferenceData } from '../pipelines/reference/reference-data.ts';
import type { RegistrationEvent } from '../pipelines/registration/registration-event.ts';
import { AvroCodec } from '../pipelines/schema-registry/avro-codec.ts';
import type { PartitionBatch } from '../pipelines/streaming/source-record.ts';

/** Inputs between two `poll()` calls, as the month demo does. */
export const POLL_EVERY = 5000;

/**
 * One poll interval of the month as it would come off the topics: the calls Avro-encoded (wire format) in a
 * partition batch, the registrations as objects; `slots` gives the interleaving (null: the next decoded call).
 */
export interface EncodedChunk {
  readonly batch: PartitionBatch;
  readonly slots: readonly (RegistrationEvent | null)[];
}

export interface RatingCoreInput {
  readonly month: string;
  readonly accounts: number;
  readonly calls: number;
  readonly registrations: number;
  /** Every input of the month in the demo's order (registrations before calls at the same instant). */
  readonly inputs: readonly RatingInput[];
  /** The same inputs, calls encoded, cut every POLL_EVERY inputs. */
  readonly chunks: readonly EncodedChunk[];
  /** Every encoded call in order (wire format), for the decode-only loops. */
  readonly encodedCalls: readonly Buffer[];
  /** The registry client, the call-record schema cached (it encoded every call). */
  readonly codec: AvroCodec;
  readonly reference: ReferenceData;
  /** A new processor wired as the month demo wires it (default rating, fair-use and numbering options). */
  readonly newProcessor: () => RatingProcessor;
  readonly close: () => Promise<void>;
}

const TOPIC = 'bench.rating-core';

/** The generated demo month, its reference data (written to a temporary directory), the calls encoded once. */
export async function prepareRatingCoreInput(settings: {
  readonly month: string;
  readonly accounts: number;
  readonly progress: (line: string) => void;
}): Promise<RatingCoreInput> {
  const directory = await mkdtemp(join(tmpdir(), 'cdr-bench-reference-'));
  const registry = await SchemaRegistryDouble.start();
  try {
    await writeDemoReferenceData(directory, { month: settings.month, accounts: settings.accounts });
    const reference = await loadReferenceData(directory);
    const started = performance.now();
    const month = generateDemoMonth({ month: settings.month, accounts: settings.accounts });
    const inputs: RatingInput[] = [];
    for (const event of demoEventsInOrder(month.calls, month.registrations)) {
      inputs.push(
        event.kind === 'call'
          ? { kind: 'call', record: event.call }
          : { kind: 'registration', event: event.event },
      );
    }
    settings.progress(
      `rating-core: demo month ${settings.month}, ${settings.accounts} accounts: ${month.calls.length} calls, ` +
        `${month.registrations.length} registrations generated in ${seconds(started)} s`,
    );

    const codec = new AvroCodec({ url: registry.url });
    const schemaId = await codec.register(CALL_RECORD_SCHEMA_FILE);
    const encodeStarted = performance.now();
    const encodedCalls: Buffer[] = [];
    const chunks: EncodedChunk[] = [];
    for (let i = 0; i < inputs.length; i += POLL_EVERY) {
      const slots: (RegistrationEvent | null)[] = [];
      const records: PartitionBatch['records'][number][] = [];
      for (const input of inputs.slice(i, i + POLL_EVERY)) {
        if (input.kind === 'registration') {
          slots.push(input.event);
          continue;
        }
        const value = await codec.encode(schemaId, input.record);
        encodedCalls.push(value);
        slots.push(null);
        records.push({
          topic: TOPIC,
          partition: 0,
          offset: String(encodedCalls.length - 1),
          timestamp: String(input.record.endTime.getTime()),
          key: null,
          value,
          headers: {},
        });
      }
      chunks.push({ batch: { topic: TOPIC, partition: 0, records }, slots });
    }
    settings.progress(`rating-core: ${encodedCalls.length} calls encoded in ${seconds(encodeStarted)} s`);

    const rating = parseOptions('rating', ratingOptionsSpec, {});
    const classify = createNumberClassifier(parseNumberingOptions());
    return {
      month: settings.month,
      accounts: settings.accounts,
      calls: month.calls.length,
      registrations: month.registrations.length,
      inputs,
      chunks,
      encodedCalls,
      codec,
      reference,
      newProcessor: () => new RatingProcessor({ options: rating, reference: () => reference, classify }),
      close: async () => {
        await registry.stop();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await registry.stop();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}
