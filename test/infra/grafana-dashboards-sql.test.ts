import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { REPOSITORY_ROOT } from '../support/compose-file.ts';
import { BI_MONTH, BI_MONTH_LABEL, insertBiFixture } from './bi-fixture.ts';

/**
 * The SQL of the provisioned Grafana dashboards, run against the project's own migrations in chDB
 * (ClickHouse 26.x), with the plugin's macros expanded as grafana-clickhouse-datasource documents them and
 * the dashboard variables replaced by a value. Catches a dashboard that names a column the schema does not
 * have, or SQL that ClickHouse rejects. The ingest dashboard runs over cdr_ingest rows of 2026-01-01, the
 * BI dashboards over the data set of bi-fixture.ts (every panel must show some of it).
 */
const DASHBOARDS = path.join(REPOSITORY_ROOT, 'infra/grafana/dashboards');
const INTERVAL_S = 60;

interface TimeRange {
  /** Unix seconds. */
  readonly from: number;
  readonly to: number;
}

const INGEST_RANGE: TimeRange = {
  from: Date.parse('2026-01-01T00:00:00Z') / 1000,
  to: Date.parse('2026-01-01T01:00:00Z') / 1000,
};
/** From the day before the fixture month to 40 days after its start. */
const BI_RANGE: TimeRange = {
  from: Date.parse(`${BI_MONTH}T00:00:00Z`) / 1000 - 86_400,
  to: Date.parse(`${BI_MONTH}T00:00:00Z`) / 1000 + 40 * 86_400,
};
/** Values of the dashboard variables. */
const VARIABLES: Readonly<Record<string, string>> = { month: BI_MONTH_LABEL };

const isoDate = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** The plugin's macros used by the dashboards, expanded for a time range and a 60 s interval; then variables. */
function expandMacros(sql: string, range: TimeRange = INGEST_RANGE): string {
  const expanded = sql
    .replace(
      /\$__timeFilter\(([^)]+)\)/g,
      `$1 >= toDateTime(${range.from}) AND $1 <= toDateTime(${range.to})`,
    )
    .replace(
      /\$__dateFilter\(([^)]+)\)/g,
      `$1 >= toDate('${isoDate(range.from)}') AND $1 <= toDate('${isoDate(range.to)}')`,
    )
    .replace(
      /\$__timeInterval\(([^)]+)\)/g,
      `toStartOfInterval(toDateTime($1), INTERVAL ${INTERVAL_S} second)`,
    )
    .replace(/\$__interval_s\b/g, String(INTERVAL_S));
  const unknown = /\$__\w+/.exec(expanded);
  if (unknown !== null) throw new Error(`macro ${unknown[0]} is not expanded by this test: add it`);
  const withVariables = expanded.replace(
    /\$\{(\w+)(?::\w+)?\}|\$(\w+)/g,
    (text, braced?: string, bare?: string) => {
      const name = braced ?? bare ?? '';
      const value = VARIABLES[name];
      if (value === undefined) throw new Error(`variable ${text} has no value in this test: add it`);
      return value;
    },
  );
  return withVariables;
}

interface Target {
  readonly rawSql?: string;
}

interface Panel {
  readonly title: string;
  readonly targets?: readonly Target[];
}

interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | Target;
}

interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels: Panel[];
  readonly templating: { readonly list: Variable[] };
}

const dashboards = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as Dashboard) }));

const ingestPanels: Panel[] = dashboards.filter((d) => d.file === 'ingest.json').flatMap((d) => d.panels);
const biDashboards = dashboards.filter((d) => d.file !== 'ingest.json');

/** Every (dashboard, panel, SQL) of the BI dashboards, titles with their variables as written. */
const biPanelQueries = biDashboards.flatMap((dashboard) =>
  dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).flatMap((target) =>
      target.rawSql === undefined
        ? []
        : [{ dashboard: dashboard.title, panel: panel.title, sql: target.rawSql }],
    ),
  ),
);

/** Every query variable of every dashboard. */
const variableQueries = dashboards.flatMap((dashboard) =>
  dashboard.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => ({
      dashboard: dashboard.title,
      name: variable.name,
      sql: typeof variable.query === 'string' ? variable.query : (variable.query?.rawSql ?? ''),
    })),
);

function panelSql(title: string): string {
  const sql = ingestPanels.find((panel) => panel.title === title)?.targets?.[0]?.rawSql;
  if (sql === undefined) throw new Error(`no panel "${title}" with SQL`);
  return expandMacros(sql);
}

const root = mkdtempSync(path.join(tmpdir(), 'cdr-chdb-dashboards-'));
const logger = silentLogger();
let client: ClickHouseClient;

async function rows(query: string): Promise<Record<string, unknown>[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>();
}

/** As the BI user runs them: readonly=1, the setting of the bi_reader profile (infra/clickhouse/users.d). */
async function readOnlyRows(query: string): Promise<Record<string, unknown>[]> {
  const result = await client.query({ query, format: 'JSONEachRow', clickhouse_settings: { readonly: '1' } });
  return result.json<Record<string, unknown>>();
}

function call(
  id: string,
  start: string,
  end: string,
  disposition: string,
  partition: number,
  offset: number,
  ingestedAt: string,
): Record<string, unknown> {
  return {
    call_id: id,
    account_id: 'acct-1',
    caller: '+33100000000',
    callee: '+33600000000',
    start_time: `2026-01-01T${start}Z`,
    end_time: `2026-01-01T${end}Z`,
    duration_s: 0,
    billable_s: 0,
    disposition,
    direction: 'outbound',
    softswitch: 'sw1',
    kafka_topic: 'cdr.call-records',
    kafka_partition: partition,
    kafka_offset: offset,
    ingested_at: `2026-01-01T${ingestedAt}Z`,
  };
}

beforeAll(async () => {
  client = await createClickHouseClient({ dataPath: path.join(root, 'chdb'), database: 'cdr' }, logger);
  await runMigrations(client, { logger });
  await insertBiFixture(client);
  await client.insert({
    table: 'cdr_ingest',
    format: 'JSONEachRow',
    values: [
      call('a', '00:10:05', '00:12:05', 'ANSWERED', 0, 0, '00:12:07'),
      call('a', '00:10:05', '00:12:05', 'ANSWERED', 0, 1, '00:12:08'), // redelivered
      call('b', '00:10:30', '00:11:00', 'ANSWERED', 1, 0, '00:11:04'),
      call('c', '00:10:40', '00:10:50', 'BUSY', 1, 1, '00:10:51'),
      call('d', '02:00:00', '02:00:30', 'ANSWERED', 1, 2, '02:00:31'), // outside the time range
    ],
  });
});

afterAll(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Grafana dashboard SQL over cdr.cdr_ingest', () => {
  it('has only panels whose SQL the test knows how to run', () => {
    const withSql = ingestPanels.filter((panel) =>
      panel.targets?.some((target) => target.rawSql !== undefined),
    );
    expect(withSql.map((panel) => panel.title).sort()).toEqual(
      ['Calls per minute by disposition', 'Ingest lag (ingested_at - end_time)', 'Rows per partition'].sort(),
    );
  });

  it('counts calls per minute by disposition, a redelivered call once', async () => {
    const result = await rows(panelSql('Calls per minute by disposition'));
    expect(result.map((row) => [row['time'], row['disposition'], Number(row['calls_per_minute'])])).toEqual([
      ['2026-01-01 00:10:00', 'ANSWERED', 2],
      ['2026-01-01 00:10:00', 'BUSY', 1],
    ]);
  });

  it('measures the lag from the end of a call to its ingestion', async () => {
    const result = await rows(panelSql('Ingest lag (ingested_at - end_time)'));
    expect(result.map((row) => [row['time'], Number(row['max'])])).toEqual([
      ['2026-01-01 00:10:00', 1],
      ['2026-01-01 00:11:00', 4],
      ['2026-01-01 00:12:00', 3],
    ]);
    expect(result.every((row) => Number(row['p50']) <= Number(row['p95']))).toBe(true);
  });

  it('counts rows and distinct calls per partition', async () => {
    const result = await rows(panelSql('Rows per partition'));
    expect(
      result.map((row) => [row['topic'], row['partition'], Number(row['rows']), Number(row['calls'])]),
    ).toEqual([
      ['cdr.call-records', 0, 2, 1],
      ['cdr.call-records', 1, 2, 2],
    ]);
  });
});

describe('Grafana BI dashboards over the bi_ views', () => {
  it('provisions the four BI dashboards, each with panels over the bi_ views only', () => {
    expect(biDashboards.map((d) => [d.file, d.uid, d.title])).toEqual([
      ['availability.json', 'cdr-availability', 'Availability and SLA credits'],
      ['fraud.json', 'cdr-fraud', 'Fraud and suspensions'],
      ['invoicing.json', 'cdr-invoicing', 'Invoicing'],
      ['usage.json', 'cdr-usage', 'Usage and fair use'],
    ]);
    expect(biPanelQueries.length).toBeGreaterThanOrEqual(24);
    for (const query of biPanelQueries) {
      const tables = [...query.sql.matchAll(/\b(?:FROM|JOIN)\s+([\w.]+)/gi)].map((match) => match[1]);
      expect(tables, `${query.dashboard} / ${query.panel}`).not.toHaveLength(0);
      for (const table of tables)
        expect(table, `${query.dashboard} / ${query.panel}`).toMatch(/^cdr\.bi_\w+$/);
    }
  });

  it('queries the provisioned ClickHouse datasource (infra/grafana/provisioning) everywhere', () => {
    const datasources: unknown[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'datasource') datasources.push(value);
          else collect(value);
        }
      }
    };
    collect(biDashboards);
    expect(datasources.length).toBeGreaterThan(biPanelQueries.length);
    expect(new Set(datasources.map((datasource) => JSON.stringify(datasource)))).toEqual(
      new Set([JSON.stringify({ type: 'grafana-clickhouse-datasource', uid: 'cdr-clickhouse' })]),
    );
  });

  it.each(variableQueries)('$dashboard: variable $name lists the fixture month', async ({ sql }) => {
    const result = await readOnlyRows(expandMacros(sql, BI_RANGE));
    expect(result.map((row) => Object.values(row)[0])).toContain(BI_MONTH_LABEL);
  });

  it.each(biPanelQueries)(
    '$dashboard / $panel: runs read-only and shows the fixture data',
    async ({ sql }) => {
      const result = await readOnlyRows(expandMacros(sql, BI_RANGE));
      expect(result.length).toBeGreaterThan(0);
    },
  );

  it('shows de-duplicated figures: usage, credits, suspended accounts and invoice totals', async () => {
    const bySql = (dashboard: string, panel: string): string => {
      const query = biPanelQueries.find((q) => q.dashboard === dashboard && q.panel === panel);
      if (query === undefined) throw new Error(`no panel ${dashboard} / ${panel}`);
      return expandMacros(query.sql, BI_RANGE);
    };
    expect(await rows(bySql('Usage and fair use', 'In-plan and off-plan minutes per month'))).toEqual([
      { month_label: BI_MONTH_LABEL, in_plan_minutes: '3.02', off_plan_minutes: '2' },
    ]);
    expect(
      await rows(
        bySql(
          'Availability and SLA credits',
          'SLA credit notes invoiced per availability month (EUR, excl. VAT)',
        ),
      ),
    ).toEqual([{ month_label: BI_MONTH_LABEL, sla_credits: '2.99', customers: '1' }]);
    const suspended = await rows(bySql('Fraud and suspensions', 'Suspended and restricted accounts'));
    expect(suspended.map((row) => [row['account_id'], row['status']])).toEqual([
      ['acc-3', 'suspended'],
      ['acc-2', 'restricted'],
    ]);
    expect(await rows(bySql('Invoicing', 'Totals per invoice month (EUR)'))).toEqual([
      { month_label: BI_MONTH_LABEL, total_excl_vat: '56.98', vat: '11.4', total_incl_vat: '68.38' },
    ]);
  });
});
