import { PipelineError } from '../core/errors.ts';

/**
 * How records are grouped in event time. Every window is half-open, [start, end): an event exactly at a
 * window's end belongs to the next window. Tumbling and sliding windows are aligned on the epoch
 * (multiples of the slide, UTC); session windows are per key: [first event, last event + gap), and an
 * event exactly `gapMs` after the last one starts a new session.
 */
export type WindowAssigner =
  | { readonly kind: 'tumbling'; readonly sizeMs: number }
  | { readonly kind: 'sliding'; readonly sizeMs: number; readonly slideMs: number }
  | { readonly kind: 'session'; readonly gapMs: number };

function positiveDuration(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `window ${name} must be a positive integer of ms, got ${value}`,
    );
  }
  return value;
}

export function tumblingWindows(sizeMs: number): WindowAssigner {
  return { kind: 'tumbling', sizeMs: positiveDuration('sizeMs', sizeMs) };
}

/** Windows of `sizeMs` starting every `slideMs` (0 < slide <= size): an event is in ceil(size/slide) or so. */
export function slidingWindows(sizeMs: number, slideMs: number): WindowAssigner {
  positiveDuration('sizeMs', sizeMs);
  positiveDuration('slideMs', slideMs);
  if (slideMs > sizeMs) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `window slideMs (${slideMs}) must not exceed sizeMs (${sizeMs})`,
    );
  }
  return { kind: 'sliding', sizeMs, slideMs };
}

export function sessionWindows(gapMs: number): WindowAssigner {
  return { kind: 'session', gapMs: positiveDuration('gapMs', gapMs) };
}

/** Re-validates an assigner that came from configuration or a snapshot. */
export function checkedAssigner(assigner: WindowAssigner): WindowAssigner {
  switch (assigner.kind) {
    case 'tumbling':
      return tumblingWindows(assigner.sizeMs);
    case 'sliding':
      return slidingWindows(assigner.sizeMs, assigner.slideMs);
    case 'session':
      return sessionWindows(assigner.gapMs);
  }
}

export function sameAssigner(a: WindowAssigner, b: WindowAssigner): boolean {
  switch (a.kind) {
    case 'tumbling':
      return b.kind === 'tumbling' && a.sizeMs === b.sizeMs;
    case 'sliding':
      return b.kind === 'sliding' && a.sizeMs === b.sizeMs && a.slideMs === b.slideMs;
    case 'session':
      return b.kind === 'session' && a.gapMs === b.gapMs;
  }
}

export function describeAssigner(assigner: WindowAssigner): string {
  switch (assigner.kind) {
    case 'tumbling':
      return `tumbling ${assigner.sizeMs} ms`;
    case 'sliding':
      return `sliding ${assigner.sizeMs} ms every ${assigner.slideMs} ms`;
    case 'session':
      return `session gap ${assigner.gapMs} ms`;
  }
}

/** The start of the latest aligned window containing `time` (a multiple of `slideMs`, also for negatives). */
export function lastWindowStart(time: number, slideMs: number): number {
  const remainder = time % slideMs;
  return remainder < 0 ? time - remainder - slideMs : time - remainder;
}
