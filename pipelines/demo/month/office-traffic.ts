import { clock, type DemoDay } from './demo-calendar.ts';
import {
  emergencyShape,
  sampleShape,
  serviceCallShape,
  shapeSeconds,
  type CallShape,
  type ShapeProfile,
} from './call-shapes.ts';
import {
  OFFICE_HOURS,
  SATURDAY_HOURS,
  dailyCount,
  placeSequentially,
  type HourProfile,
} from './day-schedule.ts';
import type { DestinationKind, DestinationMix } from './destinations.ts';
import type { AccountScene } from './account-scene.ts';

/** One call of a unit, `offsetSeconds` after the unit's start. */
export interface PlannedCall {
  readonly offsetSeconds: number;
  readonly kind: DestinationKind;
  readonly shape: CallShape;
  /** Dial exactly this (emergency numbers of the scenario). */
  readonly callee?: string;
  /** Place it from this device (by index) when it is registered. */
  readonly deviceIndex?: number;
}

/** A call, or an episode of overlapping calls; units follow one another. */
export interface PlannedUnit {
  readonly startMs: number;
  readonly calls: readonly PlannedCall[];
}

export interface OfficePlan {
  readonly mix: DestinationMix;
  readonly shapes: ShapeProfile;
  readonly callsPerDay: number;
  readonly hours?: (day: DemoDay) => HourProfile;
  /** Local closing time: nothing starts later. */
  readonly closeSeconds?: number;
  /** The first call of these days dials this number (an emergency call of the scenario). */
  readonly firstCallOf?: ReadonlyMap<string, string>;
  /** On these days a unit in the middle of the day is this episode of overlapping calls. */
  readonly episodes?: ReadonlyMap<string, readonly PlannedCall[]>;
}

const weekdayHours = (day: DemoDay): HourProfile => (day.weekday === 6 ? SATURDAY_HOURS : OFFICE_HOURS);

/**
 * The account's calls over its working days, as units placed one after the other (one line busy at a time,
 * except in the episodes): how many per day, where to (by kind), how each went, and when.
 */
export function planOfficeUnits(scene: AccountScene, plan: OfficePlan): PlannedUnit[] {
  const { random } = scene;
  const hours = plan.hours ?? weekdayHours;
  const units: PlannedUnit[] = [];
  let freeFromMs = scene.calendar.startMs;
  for (const day of scene.days) {
    const mean = plan.callsPerDay * (day.weekday === 6 && hours(day) === SATURDAY_HOURS ? 0.4 : 1);
    const dayUnits: (readonly PlannedCall[])[] = [];
    const count = Math.max(1, dailyCount(random, mean));
    for (let i = 0; i < count; i++) {
      const kind = random.weighted(plan.mix);
      const shape =
        kind === 'emergency'
          ? emergencyShape(random)
          : kind === 'special-premium' || kind === 'short-code'
            ? serviceCallShape(sampleShape(random, plan.shapes))
            : sampleShape(random, plan.shapes);
      dayUnits.push([{ offsetSeconds: 0, kind, shape }]);
    }
    const forced = plan.firstCallOf?.get(day.date);
    if (forced !== undefined) {
      dayUnits[0] = [{ offsetSeconds: 0, kind: 'emergency', shape: emergencyShape(random), callee: forced }];
    }
    const episode = plan.episodes?.get(day.date);
    // The episode itself (not a copy): callers recognise it by identity.
    if (episode !== undefined) dayUnits[Math.floor(dayUnits.length / 2)] = episode;
    const starts = placeSequentially(random, day, dayUnits.map(unitSeconds), hours(day), {
      notBeforeMs: freeFromMs,
      closeSeconds: plan.closeSeconds ?? clock(19, 30),
      gapSeconds: [15, 150],
    });
    starts.forEach((startMs, i) => {
      const calls = dayUnits[i] ?? [];
      units.push({ startMs, calls });
      freeFromMs = Math.max(freeFromMs, startMs + unitSeconds(calls) * 1000);
    });
  }
  return units;
}

/** Seconds from a unit's start to the end of its last call. */
export function unitSeconds(calls: readonly PlannedCall[]): number {
  return Math.max(0, ...calls.map((call) => call.offsetSeconds + shapeSeconds(call.shape)));
}
