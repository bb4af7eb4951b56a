import { PipelineError } from '../../core/errors.ts';
import { callRecordProblem, type CallRecord } from '../../ingest/call-record.ts';
import { registrationEventProblem, type RegistrationEvent } from '../../registration/registration-event.ts';
import { generateAccountTraffic, type AccountFacts } from './account-traffic.ts';
import { demoCalendar } from './demo-calendar.ts';
import { parseDemoMonthOptions, type DemoMonthOptions } from './demo-month-options.ts';
import { describeScenario, type DemoMonthScenario } from './demo-scenario.ts';
import { demoTariffVersions } from './demo-tariff.ts';
import { sortByInstantThenId } from './event-order.ts';
import { buildDemoPopulation } from './population.ts';
import type { DemoPopulation } from './population-types.ts';
import { TrafficLog } from './traffic-log.ts';

export interface DemoMonth {
  readonly options: DemoMonthOptions;
  /** Customers, accounts and devices: the same as `writeDemoReferenceData` writes for (month, accounts). */
  readonly population: DemoPopulation;
  /** Outbound call records, sorted by start time then call id. Every one starts in the month. */
  readonly calls: readonly CallRecord[];
  /** SIP registration events, sorted by timestamp then event id. All in the month. */
  readonly registrations: readonly RegistrationEvent[];
  readonly scenario: DemoMonthScenario;
}

/**
 * A realistic month of traffic for the demo population (see README.md in this folder): business-hours calls
 * in Paris time, registrations consistent with them, and the scenario accounts (every fair-use breach just
 * at and just over its limit, a telecom professional, third-party devices, the tariff change on the 15th,
 * the month boundary and DST change, emergency calls, a credential theft with IRSF). Deterministic: the same
 * options give the same records on every machine. Every record passes callRecordProblem /
 * registrationEventProblem (checked: a failure is a bug and throws RECORD_INVALID).
 */
export function generateDemoMonth(input: Readonly<Record<string, unknown>> = {}): DemoMonth {
  const options = parseDemoMonthOptions(input);
  const calendar = demoCalendar(options.month);
  const population = buildDemoPopulation(options);
  const log = new TrafficLog(`dm${options.seed}-${options.month}`);
  const facts = new Map<string, AccountFacts>();
  for (const account of population.accounts) {
    facts.set(account.accountId, generateAccountTraffic(log, account, calendar, options.seed));
  }
  const calls = sortByInstantThenId(
    log.calls,
    (c) => c.startTime.getTime(),
    (c) => c.callId,
  );
  const registrations = sortByInstantThenId(
    log.registrations,
    (e) => e.timestamp.getTime(),
    (e) => e.eventId,
  );
  checkRecords(calls, registrations, calendar.startMs, calendar.endMs);
  const scenario = describeScenario({
    options,
    calendar,
    population,
    tariff: demoTariffVersions(options.month),
    facts,
    calls,
    registrations,
  });
  return { options, population, calls, registrations, scenario };
}

function checkRecords(
  calls: readonly CallRecord[],
  registrations: readonly RegistrationEvent[],
  startMs: number,
  endMs: number,
): void {
  for (const call of calls) {
    const problem =
      callRecordProblem(call) ??
      (call.startTime.getTime() < startMs || call.startTime.getTime() >= endMs
        ? 'starts outside the month'
        : undefined);
    if (problem !== undefined) throw invalid(`generated call ${call.callId}: ${problem}`);
  }
  for (const event of registrations) {
    const problem =
      registrationEventProblem(event) ??
      (event.timestamp.getTime() < startMs || event.timestamp.getTime() >= endMs
        ? 'outside the month'
        : undefined);
    if (problem !== undefined) throw invalid(`generated registration event ${event.eventId}: ${problem}`);
  }
}

function invalid(message: string): PipelineError {
  return new PipelineError('RECORD_INVALID', `demo month: ${message}`);
}
