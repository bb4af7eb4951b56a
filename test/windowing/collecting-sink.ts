import type { LateRecord, WindowFiring, WindowSink } from '../../pipelines/windowing/keyed-windows-types.ts';

/** Keeps every output of an operator, in order, for assertions. */
export class CollectingSink<In, Out> implements WindowSink<In, Out> {
  readonly firings: WindowFiring<Out>[] = [];
  readonly lates: LateRecord<In>[] = [];
  /** Firings and late records interleaved as they came. */
  readonly outputs: (WindowFiring<Out> | LateRecord<In>)[] = [];

  fire(firing: WindowFiring<Out>): void {
    this.firings.push(firing);
    this.outputs.push(firing);
  }

  late(record: LateRecord<In>): void {
    this.lates.push(record);
    this.outputs.push(record);
  }

  /** Compact lines such as `on-time a [0,60000) 3` or `threshold a [0,60000) warning 3`. */
  lines(): string[] {
    return this.firings.map(
      (f) =>
        `${f.kind} ${f.key} [${f.window.start},${f.window.end})${f.level === undefined ? '' : ` ${f.level}`} ${JSON.stringify(f.result)}`,
    );
  }

  clear(): void {
    this.firings.length = 0;
    this.lates.length = 0;
    this.outputs.length = 0;
  }
}
