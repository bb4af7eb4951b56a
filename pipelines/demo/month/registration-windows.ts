import { clock, wallClockMs, type DemoCalendar, type DemoDay } from './demo-calendar.ts';
import type { DemoRandom } from './demo-random.ts';
import { activeRangeMs, workingDays } from './day-schedule.ts';
import type { DemoAccount, DemoDevice } from './population-types.ts';
import { REGISTRATION_EXPIRES_SECONDS, type AccountTraffic } from './traffic-log.ts';

/**
 * A period during which a device keeps its binding alive: a REGISTER at `onMs`, refreshes every 54-59
 * minutes (before the 3600 s expiry), and at `offMs` the device goes away: it is switched off (`expire`:
 * the registrar drops the binding an hour after the last refresh), closed cleanly (`unregister`: expires 0
 * for its binding), removed with every other binding of the account (`unregister-all`: contact `*`), or
 * still there when the month ends (`open`).
 */
export interface RegistrationWindow {
  readonly onMs: number;
  readonly offMs: number;
  readonly end: 'expire' | 'unregister' | 'unregister-all' | 'open';
}

/** Wall-clock bounds of a daily window: switched on between `on[0]` and `on[1]`, off between `off[0]` and `off[1]`. */
interface DailyWindow {
  readonly on: readonly [number, number];
  readonly off: readonly [number, number];
}

const OFFICE_DAY: DailyWindow = { on: [clock(7), clock(7, 55)], off: [clock(19, 20), clock(20, 30)] };
const SATURDAY_MORNING: DailyWindow = { on: [clock(8), clock(8, 40)], off: [clock(12, 40), clock(13, 30)] };
const AGENT_SHIFT: DailyWindow = { on: [clock(8, 40), clock(8, 58)], off: [clock(20, 5), clock(20, 20)] };
const HOME_AFTERNOON: DailyWindow = {
  on: [clock(13, 20), clock(13, 40)],
  off: [clock(17, 30), clock(18, 10)],
};

/** When each of the account's devices is registered (see PowerMode). */
export function registrationWindows(
  account: DemoAccount,
  device: DemoDevice,
  calendar: DemoCalendar,
  random: DemoRandom,
): RegistrationWindow[] {
  const days = workingDays(account, calendar);
  switch (device.power) {
    case 'always-on':
      return alwaysOn(account, calendar, random);
    case 'office-hours':
      return daily(random, days, (day) => (day.weekday === 6 ? SATURDAY_MORNING : OFFICE_DAY), 'expire');
    case 'borrowed': {
      const from = days.findIndex((day) => day.day >= 12);
      const borrowedDays = days.slice(from < 0 ? 0 : from, (from < 0 ? 0 : from) + 3);
      return daily(random, borrowedDays, () => OFFICE_DAY, 'expire');
    }
    case 'sessions':
      if (account.role === 'third-party-softphone') {
        const homeDays = days.filter((day) => day.weekday === 3 || day.weekday === 5);
        return daily(random, homeDays, () => HOME_AFTERNOON, 'unregister');
      }
      return daily(random, days, (day) => (day.weekday === 6 ? SATURDAY_MORNING : AGENT_SHIFT), 'unregister');
  }
}

/** Day and night for the whole service period; now and then a network outage makes the binding lapse. */
function alwaysOn(account: DemoAccount, calendar: DemoCalendar, random: DemoRandom): RegistrationWindow[] {
  const { fromMs, untilMs } = activeRangeMs(account, calendar);
  const phaseMs = account.role === 'night-reception' ? 0 : random.integer(0, 3300) * 1000;
  const onMs = fromMs + phaseMs;
  if (random.chance(0.06)) {
    const outageMs = onMs + Math.floor(random.between(0.2, 0.8) * (untilMs - onMs));
    const backMs = outageMs + random.integer(70, 180) * 60_000;
    if (backMs < untilMs) {
      return [
        { onMs, offMs: outageMs, end: 'expire' },
        { onMs: backMs, offMs: untilMs, end: 'open' },
      ];
    }
  }
  return [{ onMs, offMs: untilMs, end: 'open' }];
}

function daily(
  random: DemoRandom,
  days: readonly DemoDay[],
  windowOf: (day: DemoDay) => DailyWindow,
  end: RegistrationWindow['end'],
): RegistrationWindow[] {
  return days.map((day) => {
    const window = windowOf(day);
    return {
      onMs: wallClockMs(day, random.integer(window.on[0], window.on[1])),
      offMs: wallClockMs(day, random.integer(window.off[0], window.off[1])),
      end,
    };
  });
}

/**
 * The registration events of one device over its windows: REGISTERED and its refreshes, then EXPIRED an hour
 * after the last refresh, or UNREGISTERED. Once in a while a REGISTER is first refused for a stale nonce, as
 * registrars do. Nothing at or after the end of the month.
 */
export function emitRegistrations(
  traffic: AccountTraffic,
  device: DemoDevice,
  windows: readonly RegistrationWindow[],
  calendar: DemoCalendar,
  random: DemoRandom,
): void {
  const { fromMs } = activeRangeMs(traffic.account, calendar);
  for (const window of windows) {
    if (random.chance(0.015) && window.onMs - 2000 >= fromMs) {
      traffic.authFailed(
        traffic.originOf(device),
        device.contact,
        device.sourcePort,
        'stale nonce',
        window.onMs - 2000,
      );
    }
    let lastMs = window.onMs;
    traffic.registered(device, lastMs);
    for (;;) {
      const nextMs = lastMs + random.integer(3240, 3540) * 1000;
      if (nextMs >= window.offMs) break;
      traffic.registered(device, nextMs);
      lastMs = nextMs;
    }
    const expiresMs = lastMs + REGISTRATION_EXPIRES_SECONDS * 1000;
    if (window.end === 'expire' && expiresMs < calendar.endMs) {
      traffic.expired(device.contact, device.instanceId, expiresMs);
    } else if (window.end === 'unregister') {
      traffic.unregistered(device, window.offMs);
    } else if (window.end === 'unregister-all') {
      traffic.unregistered('*', window.offMs);
    }
  }
}

/** The devices whose binding is alive at `atMs` (between their REGISTER and their going away). */
export function devicesOnAt(
  windows: ReadonlyMap<DemoDevice, readonly RegistrationWindow[]>,
  atMs: number,
): DemoDevice[] {
  const on: DemoDevice[] = [];
  for (const [device, list] of windows) {
    if (list.some((w) => w.onMs <= atMs && atMs < w.offMs)) on.push(device);
  }
  return on;
}
