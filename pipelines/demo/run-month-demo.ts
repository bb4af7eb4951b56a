import { join, resolve, dirname } from 'node:path';
import { createClickHouseClient } from '../clickhouse/client-factory.ts';
import { prepareDatabase } from '../clickhouse/prepare-database.ts';
import { queryUsage } from '../clickhouse/usage-queries.ts';
import type { CommandContext } from '../cli/command.ts';
import { readAccountHistory } from '../fraud-actions/audit-store.ts';
import { recordActionBatch } from '../fraud-actions/action-steps.ts';
import { loadFraudRules } from '../fraud/load-fraud-rules.ts';
import { createNumberClassifier } from '../numbering/classify.ts';
import { RatingProcessor } from '../rating-job/rating-processor.ts';
import { RatingSink } from '../rating-job/rating-sink.ts';
import { WholeMonthRerater } from '../rating-job/whole-month-rerater.ts';
import { loadReferenceData } from '../reference/load-reference-data.ts';
import { formatUsageReport } from '../reports/report-formats.ts';
import { buildUsageReport } from '../reports/usage-report.ts';
import { detectDemoFraud } from './demo-fraud.ts';
import { formatFraudSection, historyWithin } from './fraud-section.ts';
import {
  demoEventsAsEmitted,
  demoEventsInOrder,
  generateDemoMonth,
  writeDemoReferenceData,
  type DemoMonthScenario,
} from './month/index.ts';
import { checkScenario } from './scenario-check.ts';
import { queryTheftExposure } from './theft-exposure.ts';

export interface MonthDemoSettings {
  readonly month: string;
  readonly accounts: number;
  readonly seed: number;
}

const INPUT = 'demo';
const POLL_EVERY = 5000;
/** Alerts of calls ending just after the month (a call across midnight) still belong to it. */
const AFTER_MONTH_MS = 86_400_000;

/**
 * The embedded default: a generated month of traffic for a few hundred SIP accounts (fair-use breaches of
 * every kind, a tariff change mid-month, emergency calls, a credential theft) rated by the same code as the
 * pipeline, stored in chDB, then the month's usage report; the same events through fraud detection and the
 * action policy (alerts and commands in the audit tables: no broker here, so commands are stored, not
 * published), the fraud section with the theft's timeline, and a check of the expected outcomes.
 */
export async function runMonthDemo(
  settings: MonthDemoSettings,
  { config, logger, out }: CommandContext,
): Promise<boolean> {
  const dataPath =
    config.clickhouse.url === undefined ? resolve(config.clickhouse.dataPath) : resolve('data/chdb');
  const referenceDirectory = join(dirname(dataPath), `demo-reference-${settings.month}-${settings.accounts}`);
  await writeDemoReferenceData(referenceDirectory, { month: settings.month, accounts: settings.accounts });
  const reference = await loadReferenceData(referenceDirectory);
  const generationStarted = performance.now();
  const month = generateDemoMonth({
    month: settings.month,
    accounts: settings.accounts,
    seed: settings.seed,
  });
  const generationSeconds = (performance.now() - generationStarted) / 1000;
  out(
    `cdr-pipeline demo: ${settings.month} (Europe/Paris), ${month.scenario.customers} customers, ${month.scenario.accounts} SIP accounts, ` +
      `${month.calls.length} calls and ${month.registrations.length} registration events generated in ${generationSeconds.toFixed(1)} s`,
  );
  out(
    `reference data: ${referenceDirectory} (version ${reference.version}); ClickHouse: ${config.clickhouse.url ?? `chDB at ${config.clickhouse.dataPath}`}`,
  );

  const clickhouse = await createClickHouseClient(config.clickhouse, logger);
  try {
    await prepareDatabase(clickhouse, config.clickhouse, logger);
    const classify = createNumberClassifier(config.numbering);
    const processor = new RatingProcessor({
      options: config.rating,
      fairUse: config.fairUse,
      reference: () => reference,
      classify,
    });
    const sink = new RatingSink(clickhouse, new WholeMonthRerater(clickhouse, () => reference, classify));
    processor.addInput(INPUT);
    const ratingStarted = performance.now();
    let sinceWrite = 0;
    for (const event of demoEventsInOrder(month.calls, month.registrations)) {
      processor.add(
        event.kind === 'call'
          ? { kind: 'call', record: event.call }
          : { kind: 'registration', event: event.event },
        INPUT,
      );
      if (++sinceWrite >= POLL_EVERY) {
        await sink.write(processor.poll());
        sinceWrite = 0;
      }
    }
    await sink.write(processor.flush());
    const ratingSeconds = (performance.now() - ratingStarted) / 1000;
    out(
      `rated ${sink.totals.ratedCalls} calls (${processor.stats.lateInputs} late) and stored ${sink.totals.breaches} fair-use breaches; ` +
        `${sink.totals.reratedCalls} calls re-rated for the whole-month policy (${sink.totals.rerateRequests} requests); ` +
        `in ${ratingSeconds.toFixed(1)} s (${Math.round(month.calls.length / ratingSeconds)} calls/s, ClickHouse inserts included)`,
    );
    out('');
    const usage = await queryUsage(clickhouse, { month: settings.month });
    out(formatUsageReport(buildUsageReport(usage), 'table').trimEnd());
    out('');

    const fraudStarted = performance.now();
    const rules = await loadFraudRules(config.fraudJob.rulesFile);
    const fraud = detectDemoFraud(demoEventsAsEmitted(month.calls, month.registrations), {
      rules,
      reference,
      classify,
      detector: config.fraudDetector,
      actions: config.fraudActions,
    });
    await recordActionBatch({ client: clickhouse, rulesVersion: fraud.rulesVersion }, fraud);
    const fraudSeconds = (performance.now() - fraudStarted) / 1000;
    const { scenario } = month;
    const history = historyWithin(
      await readAccountHistory(clickhouse, scenario.credentialTheft.accountId),
      scenario.monthStart,
      new Date(scenario.monthEnd.getTime() + AFTER_MONTH_MS),
    );
    const suspension = history.commands.find((c) => c.kind === 'suspend');
    for (const line of formatFraudSection({
      run: fraud,
      seconds: fraudSeconds,
      rulesFile: config.fraudJob.rulesFile,
      commandTopic: config.fraudActions.commandTopic,
      theft: scenario.credentialTheft,
      deadlines: scenario.fraudDeadlines,
      history,
      ...(suspension === undefined
        ? {}
        : {
            exposure: await queryTheftExposure(clickhouse, scenario, month.calls, suspension.effectiveAt),
          }),
    }))
      out(line);
    out('');
    const check = await checkScenario(clickhouse, month.scenario, {
      emergencyCallsSkippedByFraud: fraud.stats.emergencyCalls,
    });
    for (const line of check.lines) out(line);
    return check.ok;
  } finally {
    await clickhouse.close();
  }
}

export type { DemoMonthScenario };
