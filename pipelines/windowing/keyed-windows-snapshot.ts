import { decodeInstant, type EncodedInstant } from './instant.ts';
import { SnapshotReader } from './snapshot-reader.ts';
import { checkedAssigner, type WindowAssigner } from './window-assigner.ts';

export const KEYED_WINDOWS_FORMAT = 'keyed-windows';

/** One live window as saved: its accumulator through the aggregator's `toSnapshot`. */
export interface SavedWindow {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly records: number;
  readonly acc: unknown;
  /** Threshold levels already fired, by name. */
  readonly levels: readonly string[];
  readonly onTimeFired: boolean;
  /** Opening order, for the firing order of windows due at the same time. */
  readonly seq: number;
}

/** JSON-able, versioned state of a KeyedWindows operator; windows sorted by key then start. */
export interface KeyedWindowsSnapshot {
  readonly format: typeof KEYED_WINDOWS_FORMAT;
  readonly version: 1;
  readonly assigner: WindowAssigner;
  readonly allowedLatenessMs: number;
  readonly watermark: EncodedInstant;
  /** The opening number the next new window gets. */
  readonly nextSeq: number;
  readonly windows: readonly SavedWindow[];
}

export interface ParsedKeyedWindowsSnapshot {
  readonly assigner: WindowAssigner;
  readonly watermark: number;
  readonly nextSeq: number;
  readonly windows: readonly SavedWindow[];
}

export function parseKeyedWindowsSnapshot(snapshot: unknown): ParsedKeyedWindowsSnapshot {
  const read = new SnapshotReader(KEYED_WINDOWS_FORMAT);
  const saved = read.header(snapshot, 1);
  return {
    assigner: parseAssigner(read, saved['assigner']),
    watermark: decodeInstant(read.instant(saved['watermark'], '$.watermark')),
    nextSeq: read.count(saved['nextSeq'], '$.nextSeq'),
    windows: read.array(saved['windows'], '$.windows').map((value, index) => {
      const path = `$.windows[${index}]`;
      const window = read.object(value, path);
      const start = read.number(window['start'], `${path}.start`);
      const end = read.number(window['end'], `${path}.end`);
      if (end <= start) read.fail(`${path}.end`, `a time after start ${start}`, end);
      return {
        key: read.string(window['key'], `${path}.key`),
        start,
        end,
        records: read.count(window['records'], `${path}.records`),
        acc: window['acc'],
        levels: read
          .array(window['levels'], `${path}.levels`)
          .map((l, i) => read.string(l, `${path}.levels[${i}]`)),
        onTimeFired: read.boolean(window['onTimeFired'], `${path}.onTimeFired`),
        seq: read.count(window['seq'], `${path}.seq`),
      };
    }),
  };
}

function parseAssigner(read: SnapshotReader, value: unknown): WindowAssigner {
  const assigner = read.object(value, '$.assigner');
  const duration = (name: string): number => read.count(assigner[name], `$.assigner.${name}`);
  switch (assigner['kind']) {
    case 'tumbling':
      return checkedAssigner({ kind: 'tumbling', sizeMs: duration('sizeMs') });
    case 'sliding':
      return checkedAssigner({ kind: 'sliding', sizeMs: duration('sizeMs'), slideMs: duration('slideMs') });
    case 'session':
      return checkedAssigner({ kind: 'session', gapMs: duration('gapMs') });
    default:
      return read.fail('$.assigner.kind', 'tumbling, sliding or session', assigner['kind']);
  }
}
