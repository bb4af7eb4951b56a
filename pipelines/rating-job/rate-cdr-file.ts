import type { NumberClassifier } from '../numbering/classify.ts';
import type { CdrFile, RejectsWriter } from '../softswitch/index.ts';
import type { RatingProcessor } from './rating-processor.ts';
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
  processor.addInput(FILE_INPUT);
  let rows = 0;
  let accepted = 0;
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
      accepted++;
    }
    await sink.write(processor.poll());
  }
  await sink.write(processor.flush());
  return { rows, accepted, rejected: rows - accepted };
}
