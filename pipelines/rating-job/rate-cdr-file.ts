import type { NumberClassifier } from '../numbering/classify.ts';
import type { CdrFile, RejectsWriter } from '../softswitch/index.ts';
import type { RatingOutputs, RatingProcessor } from './rating-processor.ts';
import type { RatingSink } from './rating-sink.ts';

export interface CdrFileRatingSummary {
  readonly rows: number;
  readonly accepted: number;
  readonly rejected: number;
}

const FILE_INPUT = 'file';

/**
 * Embedded mode: a softswitch export rated straight into ClickHouse, with no broker. Rows the parser or
 * the number plan refuses go to the rejects file with their line and reason; the rest is rated in event
 * time (the file is one input: its watermark follows the latest call end read so far) and stored batch
 * by batch; the end of the file releases what is still held.
 */
export async function rateCdrFile(
  file: CdrFile,
  settings: {
    readonly processor: RatingProcessor;
    readonly sink: RatingSink;
    readonly rejects: RejectsWriter;
    readonly classify: NumberClassifier;
  },
): Promise<CdrFileRatingSummary> {
  const { processor, sink, rejects, classify } = settings;
  let rows = 0;
  let accepted = 0;
  let late = 0;
  // Line of each call still held by the processor, to name it if it comes back late.
  const lines = new Map<string, number>();
  const store = async (outputs: RatingOutputs): Promise<void> => {
    await sink.write(outputs);
    for (const rated of outputs.ratedCalls) lines.delete(rated.callId);
    for (const item of outputs.late) {
      if (item.kind !== 'call') continue;
      const reason =
        'arrived after later calls of its account were rated (raise rating.maxOutOfOrdernessSeconds)';
      await rejects.write({
        ok: false,
        line: lines.get(item.record.callId) ?? 0,
        reason,
        raw: JSON.stringify(item.record),
      });
      lines.delete(item.record.callId);
      late++;
    }
  };
  processor.addInput(FILE_INPUT);
  for await (const batch of file.batches()) {
    for (const row of batch) {
      rows++;
      if (!row.ok) {
        await rejects.write(row);
        continue;
      }
      const destination = classify(row.record.callee);
      if (destination.class === 'invalid') {
        const reason = `callee: ${destination.problem ?? 'not a number'}`;
        await rejects.write({ ok: false, line: row.line, reason, raw: JSON.stringify(row.record) });
        continue;
      }
      processor.add({ kind: 'call', record: row.record }, FILE_INPUT);
      lines.set(row.record.callId, row.line);
      accepted++;
    }
    await store(processor.poll());
  }
  await store(processor.flush());
  return { rows, accepted: accepted - late, rejected: rows - accepted + late };
}
