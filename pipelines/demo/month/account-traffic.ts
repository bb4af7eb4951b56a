import type { CallRecord } from '../../ingest/call-record.ts';
import { clock, wallClockMs, type DemoCalendar } from './demo-calendar.ts';
import { callCentreAgentTraffic, callCentreTrunkTraffic } from './call-centre-traffic.ts';
import {
  AT_LIMIT_EPISODES,
  EPISODES,
  OVER_LIMIT_EPISODES,
  type EpisodeName,
} from './concurrency-episodes.ts';
import { credentialTheft, type CredentialTheft } from './credential-theft.ts';
import { workingDays } from './day-schedule.ts';
import { DemoRandom } from './demo-random.ts';
import { ContactBook, OFFICE_MIX, offPlanCallee } from './destinations.ts';
import { assignDistinctNumbers, timedCalls } from './distinct-number-traffic.ts';
import { nightReceptionTraffic, type NightReceptionEdges } from './night-reception.ts';
import { planOfficeUnits, type OfficePlan, type PlannedCall } from './office-traffic.ts';
import type { DemoAccount, DemoDevice } from './population-types.ts';
import { emitRegistrations, registrationWindows, type RegistrationWindow } from './registration-windows.ts';
import type { TrafficLog } from './traffic-log.ts';
import { placeCall, type AccountScene } from './account-scene.ts';

/** What an account's generation tells the scenario, beyond its records. */
export interface AccountFacts {
  readonly nightReception?: NightReceptionEdges;
  readonly credentialTheft?: CredentialTheft;
  /** Prospecting accounts: the answered call that dialled the last new number. */
  readonly lastNewNumberCallId?: string;
  /** Concurrency accounts: call ids of each episode, in order. */
  readonly episodes?: readonly { readonly name: EpisodeName; readonly callIds: readonly string[] }[];
  /** Emergency calls the scenario placed on purpose. */
  readonly emergencyCallIds?: readonly string[];
}

/** Generates one account's registrations and calls for the month into `log`, from its own random stream. */
export function generateAccountTraffic(
  log: TrafficLog,
  account: DemoAccount,
  calendar: DemoCalendar,
  seed: number,
): AccountFacts {
  const random = DemoRandom.stream(seed, account.index);
  const traffic = log.forAccount(account, random);
  const days = workingDays(account, calendar);
  const windows = new Map<DemoDevice, RegistrationWindow[]>(
    account.devices.map((device) => [device, registrationWindows(account, device, calendar, random)]),
  );
  if (account.role === 'left-mid-month') removeAllBindingsAtTheEnd(windows, days, calendar);
  for (const [device, list] of windows) emitRegistrations(traffic, device, list, calendar, random);
  const scene: AccountScene = { account, calendar, random, traffic, windows, days };

  switch (account.role) {
    case 'distinct-numbers-at-limit':
      return prospecting(scene, 150, undefined);
    case 'distinct-numbers-over-limit':
    case 'distinct-numbers-over-limit-whole-month':
      return prospecting(scene, 151, '112');
    case 'concurrent-calls-at-limit':
      return withEpisodes(scene, AT_LIMIT_EPISODES, undefined);
    case 'concurrent-calls-over-limit':
      return withEpisodes(scene, OVER_LIMIT_EPISODES, '18');
    case 'third-party-softphone': {
      const softphone = account.devices.find((d) => d.kind === 'softphone');
      return office(scene, { firstCallOf: firstDay(scene, '17') }, () => softphone);
    }
    case 'call-centre-agent':
      callCentreAgentTraffic(scene);
      return {};
    case 'call-centre-trunk':
      callCentreTrunkTraffic(scene);
      return {};
    case 'night-reception': {
      const edges = nightReceptionTraffic(scene);
      return { nightReception: edges, emergencyCallIds: [edges.emergency.callId] };
    }
    case 'credential-theft': {
      const facts = office(scene, {});
      return { ...facts, credentialTheft: credentialTheft(traffic, calendar, random) };
    }
    case 'ordinary':
    case 'registered-devices-at-limit':
    case 'registered-devices-over-limit':
    case 'registered-devices-raised-limit':
    case 'outdated-firmware':
    case 'joined-mid-month':
    case 'left-mid-month':
      return office(scene, {});
  }
}

const officePlan = (scene: AccountScene, extra: Partial<OfficePlan>): OfficePlan => ({
  mix: OFFICE_MIX,
  shapes: 'office',
  callsPerDay: scene.account.callsPerDay,
  ...extra,
});

/** Ordinary office traffic: a contact book for national calls, the rest by kind. */
function office(
  scene: AccountScene,
  extra: Partial<OfficePlan>,
  preferredDevice: () => DemoDevice | undefined = () => undefined,
): AccountFacts {
  const { random, account } = scene;
  const book = new ContactBook(random, account.contactBookSize);
  const emergencyCallIds: string[] = [];
  for (const unit of planOfficeUnits(scene, officePlan(scene, extra))) {
    for (const call of unit.calls) {
      const callee =
        call.callee ?? (call.kind === 'in-plan' ? book.pick(random) : offPlanCallee(random, call.kind));
      const record = emit(scene, unit.startMs, call, callee, preferredDevice());
      if (call.callee !== undefined) emergencyCallIds.push(record.callId);
    }
  }
  return emergencyCallIds.length > 0 ? { emergencyCallIds } : {};
}

function emit(
  scene: AccountScene,
  unitStartMs: number,
  call: PlannedCall,
  callee: string,
  preferred: DemoDevice | undefined,
): CallRecord {
  const device = call.deviceIndex === undefined ? preferred : scene.account.devices[call.deviceIndex];
  return placeCall(scene, unitStartMs + call.offsetSeconds * 1000, callee, call.shape, device);
}

/** A prospecting account reaching exactly `distinct` numbers; an emergency call on its last working day. */
function prospecting(
  scene: AccountScene,
  distinct: number,
  lastDayEmergency: string | undefined,
): AccountFacts {
  const { random } = scene;
  const lastDay = scene.days[scene.days.length - 1];
  const units = planOfficeUnits(
    scene,
    officePlan(scene, {
      ...(lastDayEmergency === undefined || lastDay === undefined
        ? {}
        : { firstCallOf: new Map([[lastDay.date, lastDayEmergency]]) }),
    }),
  );
  const calls = timedCalls(units);
  const assignment = assignDistinctNumbers(random, calls, distinct, distinct === 150);
  let lastNewNumberCallId: string | undefined;
  const emergencyCallIds: string[] = [];
  calls.forEach((timed, i) => {
    const call = assignment.reshaped.get(i) ?? timed.call;
    const callee = call.callee ?? assignment.callees.get(i) ?? offPlanCallee(random, nonPlanKind(call));
    const record = placeCall(scene, timed.startMs, callee, call.shape);
    if (i === assignment.lastNewNumberAt) lastNewNumberCallId = record.callId;
    if (call.callee !== undefined) emergencyCallIds.push(record.callId);
  });
  return {
    ...(lastNewNumberCallId === undefined ? {} : { lastNewNumberCallId }),
    ...(emergencyCallIds.length > 0 ? { emergencyCallIds } : {}),
  };
}

function nonPlanKind(call: PlannedCall): Exclude<PlannedCall['kind'], 'in-plan'> {
  if (call.kind === 'in-plan') throw new RangeError('an in-plan call has no callee assigned');
  return call.kind;
}

/** Office traffic with episodes of overlapping calls on four days spread over the month. */
function withEpisodes(
  scene: AccountScene,
  names: readonly EpisodeName[],
  emergency: string | undefined,
): AccountFacts {
  const { random, account, days } = scene;
  const book = new ContactBook(random, account.contactBookSize);
  const episodeDays = names.map(
    (name, k) => [days[Math.round((days.length * (k + 1)) / (names.length + 1))]?.date ?? '', name] as const,
  );
  const emergencyDay = days[2]?.date;
  const units = planOfficeUnits(
    scene,
    officePlan(scene, {
      episodes: new Map(episodeDays.map(([date, name]) => [date, EPISODES[name]])),
      ...(emergency === undefined || emergencyDay === undefined
        ? {}
        : { firstCallOf: new Map([[emergencyDay, emergency]]) }),
    }),
  );
  const episodes: { name: EpisodeName; callIds: string[] }[] = [];
  const emergencyCallIds: string[] = [];
  for (const unit of units) {
    const name =
      unit.calls.length > 1 ? episodeDays.find(([, n]) => EPISODES[n] === unit.calls)?.[1] : undefined;
    const callIds: string[] = [];
    for (const call of unit.calls) {
      const callee =
        call.callee ?? (call.kind === 'in-plan' ? book.pick(random) : offPlanCallee(random, call.kind));
      const record = emit(scene, unit.startMs, call, callee, undefined);
      callIds.push(record.callId);
      if (call.callee !== undefined) emergencyCallIds.push(record.callId);
    }
    if (name !== undefined) episodes.push({ name, callIds });
  }
  if (episodes.length !== names.length) {
    throw new RangeError(
      `account ${account.accountId}: ${episodes.length} of ${names.length} episodes placed`,
    );
  }
  return { episodes, ...(emergencyCallIds.length > 0 ? { emergencyCallIds } : {}) };
}

function firstDay(scene: AccountScene, callee: string): ReadonlyMap<string, string> {
  const day = scene.days[0];
  return day === undefined ? new Map() : new Map([[day.date, callee]]);
}

/** The last working day's window ends at 19:45 with an un-REGISTER of every binding (the post is removed). */
function removeAllBindingsAtTheEnd(
  windows: Map<DemoDevice, RegistrationWindow[]>,
  days: readonly { readonly date: string }[],
  calendar: DemoCalendar,
): void {
  const lastDate = days[days.length - 1]?.date;
  const lastDay = calendar.days.find((d) => d.date === lastDate);
  if (lastDay === undefined) return;
  const offMs = wallClockMs(lastDay, clock(19, 45));
  for (const [device, list] of windows) {
    const last = list[list.length - 1];
    if (last === undefined) continue;
    list[list.length - 1] = { onMs: last.onMs, offMs, end: device.index === 0 ? 'unregister-all' : 'expire' };
  }
}
