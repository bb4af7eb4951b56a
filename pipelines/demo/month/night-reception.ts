import type { CallRecord } from '../../ingest/call-record.ts';
import { clock, wallClockMs, type DemoDay } from './demo-calendar.ts';
import type { CallShape } from './call-shapes.ts';
import { nationalMobile } from './dialled-numbers.ts';
import { RECEPTION_HOURS } from './day-schedule.ts';
import { ContactBook, RECEPTION_MIX, offPlanCallee } from './destinations.ts';
import { planOfficeUnits } from './office-traffic.ts';
import { placeCall, type AccountScene } from './account-scene.ts';

/** Calls of the scenario placed at a chosen instant, and what they show. */
export interface EdgeCall {
  readonly callId: string;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly what: string;
}

export interface NightReceptionEdges {
  readonly monthStart: EdgeCall;
  /** Starts before 00:00 Paris on the 15th (rated with the first tariff version) and ends after it. */
  readonly beforeTariffChange: EdgeCall;
  /** Starts just after it, to the same kind of destination (rated with the second version). */
  readonly afterTariffChange: EdgeCall;
  /** Start on the last day before midnight Paris and end in the next month: they belong to this month. */
  readonly acrossMonthEnd: readonly EdgeCall[];
  /** Around the change of time, when the month has one. */
  readonly aroundDstChange: readonly EdgeCall[];
  readonly emergency: EdgeCall;
}

const answered = (ringSeconds: number, talkSeconds: number): CallShape => ({
  disposition: 'ANSWERED',
  ringSeconds,
  talkSeconds,
});

/**
 * A hotel reception open day and night: ordinary calls from 06:00 to 23:00 every day, and the night porter's
 * calls at the instants the scenario needs (the first instant of the month, around the tariff change at
 * 00:00 on the 15th, across the DST change, across midnight at the end of the month, an emergency call).
 */
export function nightReceptionTraffic(scene: AccountScene): NightReceptionEdges {
  const { random, calendar, account } = scene;
  const book = new ContactBook(random, account.contactBookSize);
  const units = planOfficeUnits(scene, {
    mix: RECEPTION_MIX,
    shapes: 'office',
    callsPerDay: account.callsPerDay,
    hours: () => RECEPTION_HOURS,
    closeSeconds: clock(23),
  });
  for (const unit of units) {
    for (const call of unit.calls) {
      const callee = call.kind === 'in-plan' ? book.pick(random) : offPlanCallee(random, call.kind);
      placeCall(scene, unit.startMs + call.offsetSeconds * 1000, callee, call.shape);
    }
  }

  const [gigaset, desk] = account.devices;
  const dayOf = (dayOfMonth: number): DemoDay => {
    const day = calendar.days[dayOfMonth - 1];
    if (day === undefined) throw new RangeError(`no day ${dayOfMonth} in ${calendar.month}`);
    return day;
  };
  const lastDay = dayOf(calendar.days.length);
  const edge = (
    startMs: number,
    callee: string,
    shape: CallShape,
    what: string,
    fromDesk = false,
  ): EdgeCall => describe(placeCall(scene, startMs, callee, shape, fromDesk ? desk : gigaset), what);

  const monthStart = edge(
    calendar.startMs,
    book.pick(random),
    answered(5, 235),
    'starts at 00:00:00.000 Paris on the 1st',
  );
  const abroad = `0049${random.pick(['151', '160', '170', '176'])}${random.digits(8)}`;
  const beforeTariffChange = edge(
    wallClockMs(dayOf(14), clock(23, 57, 40)),
    abroad,
    answered(5, 150),
    'starts at 23:57:40 on the 14th, ends after 00:00 on the 15th: first tariff version',
  );
  const afterTariffChange = edge(
    wallClockMs(dayOf(15), clock(0, 0, 30)),
    abroad,
    answered(5, 150),
    'starts at 00:00:30 on the 15th: second tariff version',
  );
  const acrossMonthEnd = [
    edge(
      wallClockMs(lastDay, clock(23, 50)),
      nationalMobile(random),
      answered(6, 1500),
      'starts 23:50 on the last day, ends 00:15 the next month',
    ),
    edge(
      wallClockMs(lastDay, clock(23, 59, 30)),
      book.pick(random),
      answered(4, 300),
      'starts 23:59:30 on the last day, ends in the next month',
      true,
    ),
  ];
  const aroundDstChange: EdgeCall[] = [];
  const dst = calendar.dstChange;
  if (dst !== undefined) {
    const day = dayOf(Number(dst.date.slice(8, 10)));
    if (dst.kind === 'summer-time-starts') {
      aroundDstChange.push(
        edge(
          wallClockMs(day, clock(1, 50)),
          book.pick(random),
          answered(5, 1200),
          '01:50 CET, ends 03:10 CEST: 20 minutes, not 80',
        ),
        edge(
          wallClockMs(day, clock(3, 20)),
          book.pick(random),
          answered(5, 240),
          '03:20 CEST, just after the clocks skipped an hour',
        ),
      );
    } else {
      const first = wallClockMs(day, clock(2, 30));
      aroundDstChange.push(
        edge(first, book.pick(random), answered(5, 600), '02:30 CEST, the first time 02:30 is lived'),
        edge(
          first + 3_600_000,
          book.pick(random),
          answered(5, 600),
          '02:30 CET, the second time 02:30 is lived',
        ),
      );
    }
  }
  const emergency = edge(
    wallClockMs(dayOf(6), clock(3, 12)),
    '15',
    answered(2, 300),
    'the night porter calls the SAMU (15) at 03:12',
  );
  return { monthStart, beforeTariffChange, afterTariffChange, acrossMonthEnd, aroundDstChange, emergency };
}

function describe(record: CallRecord, what: string): EdgeCall {
  return { callId: record.callId, startTime: record.startTime, endTime: record.endTime, what };
}
