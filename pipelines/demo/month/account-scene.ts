import type { CallRecord } from '../../ingest/call-record.ts';
import type { CallShape } from './call-shapes.ts';
import type { DemoCalendar, DemoDay } from './demo-calendar.ts';
import type { DemoRandom } from './demo-random.ts';
import type { DemoAccount, DemoDevice } from './population-types.ts';
import { devicesOnAt, type RegistrationWindow } from './registration-windows.ts';
import type { AccountTraffic } from './traffic-log.ts';

/** Everything an account's traffic is generated from. */
export interface AccountScene {
  readonly account: DemoAccount;
  readonly calendar: DemoCalendar;
  readonly random: DemoRandom;
  readonly traffic: AccountTraffic;
  /** When each device is registered: calls are placed from a device registered at the time. */
  readonly windows: ReadonlyMap<DemoDevice, readonly RegistrationWindow[]>;
  /** The customer's working days within the account's service period. */
  readonly days: readonly DemoDay[];
}

/**
 * Places a call from one of the account's devices registered at its start: `preferred` when it is, else the
 * first registered one most of the time, else any; the first device when none is (never for the scenario).
 */
export function placeCall(
  scene: AccountScene,
  startMs: number,
  callee: string,
  shape: CallShape,
  preferred?: DemoDevice,
): CallRecord {
  const on = devicesOnAt(scene.windows, startMs);
  let device: DemoDevice | undefined;
  if (preferred !== undefined && on.includes(preferred)) device = preferred;
  else if (on.length > 0) device = scene.random.chance(0.7) ? on[0] : scene.random.pick(on);
  device ??= scene.account.devices[0];
  if (device === undefined) throw new RangeError(`account ${scene.account.accountId} has no device`);
  return scene.traffic.call(startMs, callee, shape, scene.traffic.originOf(device));
}
