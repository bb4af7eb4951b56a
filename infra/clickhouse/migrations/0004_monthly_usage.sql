-- Monthly usage per account and per customer (issue 3 item 6, report usage), counting every call
-- once however often it was replayed or re-rated, and kept longer than the detailed rows
-- (DOMAIN.md 5).
--
-- Design (measured on chDB 26.7; see pipelines/clickhouse/usage-queries.ts for the trade-offs):
-- * monthly_usage_live aggregates rated_calls FINAL and fair_use_breaches FINAL at read time.
--   FINAL collapses every replay and correction of a call to its latest rating, so the result is
--   exact and current the moment an insert returns. A read filtered by month touches one partition
--   (and one key range when filtered by account).
-- * monthly_usage_archive keeps snapshots of that aggregation, without TTL: what remains of a
--   month once its detailed rows are dropped. A snapshot is written by archiveUsageMonth(), by
--   applyRetention() before it shortens the retention, and every day by monthly_usage_archiver
--   (0005) for the month that expires next, so the last snapshot of a month is taken on its last
--   day with complete rows.
-- * monthly_usage reads the live aggregation for months whose detailed rows are complete, and the
--   latest archive snapshot for older months. Which months are complete follows from the retention
--   policy below, by date only: a month never reads half-dropped rows.

-- The retention of detailed rows, as applyRetention() last set it (the TTL of rated_calls and
-- fair_use_breaches is `month + toIntervalMonth(months + 1)`). live_from: months before it have no
-- complete detailed rows even if the retention now covers them (set when the retention grows).
CREATE TABLE IF NOT EXISTS retention_policy
(
    scope     LowCardinality(String),
    months    UInt16,
    live_from Date,
    set_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(set_at)
ORDER BY scope;

-- The default, matching the TTL of 0002 and 0003 (re-running this insert adds an identical row).
INSERT INTO retention_policy (scope, months, live_from, set_at)
VALUES ('detailed_rows', 12, '1970-01-01', '1970-01-01 00:00:00.000');

-- first_live_month: the oldest month whose detailed rows are complete. expiring_month: the month
-- whose rows the TTL drops when the next month begins. Both by the server's today(), as the TTL.
CREATE VIEW IF NOT EXISTS detailed_retention AS
SELECT
    retention_months,
    live_from_month,
    addMonths(toStartOfMonth(today()), -retention_months) AS expiring_month,
    greatest(live_from_month, expiring_month) AS first_live_month
FROM
(
    SELECT
        toInt32(argMax(months, set_at)) AS retention_months,
        argMax(live_from, set_at) AS live_from_month
    FROM retention_policy
    WHERE scope = 'detailed_rows'
);

-- One row per (month, customer, account) with calls or breaches. Minutes are billable seconds / 60
-- rounded half away from zero to 2 decimals (display); amounts are exact sums of Decimal(18, 6).
CREATE VIEW IF NOT EXISTS monthly_usage_live AS
SELECT
    month,
    customer_id,
    account_id,
    sum(n_calls) AS calls,
    sum(n_answered_calls) AS answered_calls,
    sum(n_in_plan_calls) AS in_plan_calls,
    sum(n_off_plan_calls) AS off_plan_calls,
    sum(n_in_plan_seconds) AS in_plan_seconds,
    sum(n_off_plan_seconds) AS off_plan_seconds,
    sum(n_off_plan_charged_seconds) AS off_plan_charged_seconds,
    toDecimal128(round(toDecimal128(sum(n_in_plan_seconds), 6) / 60, 2), 2) AS in_plan_minutes,
    toDecimal128(round(toDecimal128(sum(n_off_plan_seconds), 6) / 60, 2), 2) AS off_plan_minutes,
    sum(n_off_plan_amount) AS off_plan_amount,
    sumMap(n_amount_by_reason) AS amount_by_reason,
    sumMap(n_calls_by_reason) AS calls_by_reason,
    arraySort(groupUniqArrayArray(n_currencies)) AS currencies,
    sum(n_breaches) AS breaches,
    sumMap(n_breaches_by_rule) AS breaches_by_rule
FROM
(
    SELECT
        month,
        customer_id,
        account_id,
        count() AS n_calls,
        countIf(billable_s > 0) AS n_answered_calls,
        countIf(in_plan) AS n_in_plan_calls,
        countIf(NOT in_plan) AS n_off_plan_calls,
        sumIf(toUInt64(billable_s), in_plan) AS n_in_plan_seconds,
        sumIf(toUInt64(billable_s), NOT in_plan) AS n_off_plan_seconds,
        sumIf(toUInt64(charged_s), NOT in_plan) AS n_off_plan_charged_seconds,
        sumIf(toDecimal128(amount, 6), NOT in_plan) AS n_off_plan_amount,
        sumMap(map(CAST(reason, 'String'), toDecimal128(amount, 6))) AS n_amount_by_reason,
        sumMap(map(CAST(reason, 'String'), toUInt64(1))) AS n_calls_by_reason,
        groupUniqArrayIf(CAST(currency, 'String'), currency != '') AS n_currencies,
        toUInt64(0) AS n_breaches,
        CAST(map(), 'Map(String, UInt64)') AS n_breaches_by_rule
    FROM rated_calls FINAL
    GROUP BY month, customer_id, account_id
    UNION ALL
    SELECT
        month,
        customer_id,
        account_id,
        toUInt64(0),
        toUInt64(0),
        toUInt64(0),
        toUInt64(0),
        toUInt64(0),
        toUInt64(0),
        toUInt64(0),
        toDecimal128(0, 6),
        CAST(map(), 'Map(String, Decimal(38, 6))'),
        CAST(map(), 'Map(String, UInt64)'),
        CAST([], 'Array(String)'),
        count(),
        sumMap(map(CAST(rule, 'String'), toUInt64(1)))
    FROM fair_use_breaches FINAL
    GROUP BY month, customer_id, account_id
)
GROUP BY month, customer_id, account_id;

-- Snapshots of monthly_usage_live, kept without TTL. A snapshot is all the rows of one month
-- inserted by one query (one archived_at); readers take each month's latest snapshot.
CREATE TABLE IF NOT EXISTS monthly_usage_archive
(
    month                    Date,
    customer_id              String,
    account_id               String,
    calls                    UInt64,
    answered_calls           UInt64,
    in_plan_calls            UInt64,
    off_plan_calls           UInt64,
    in_plan_seconds          UInt64,
    off_plan_seconds         UInt64,
    off_plan_charged_seconds UInt64,
    in_plan_minutes          Decimal(38, 2),
    off_plan_minutes         Decimal(38, 2),
    off_plan_amount          Decimal(38, 6),
    amount_by_reason         Map(String, Decimal(38, 6)),
    calls_by_reason          Map(String, UInt64),
    currencies               Array(String),
    breaches                 UInt64,
    breaches_by_rule         Map(String, UInt64),
    archived_at              DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(archived_at)
ORDER BY (month, customer_id, account_id);

-- The usage to report: live for months with complete detailed rows, else the latest snapshot.
-- Filter on month (and customer_id, account_id): the filters reach the tables below.
CREATE VIEW IF NOT EXISTS monthly_usage AS
SELECT
    month, customer_id, account_id, calls, answered_calls, in_plan_calls, off_plan_calls,
    in_plan_seconds, off_plan_seconds, off_plan_charged_seconds, in_plan_minutes, off_plan_minutes,
    off_plan_amount, amount_by_reason, calls_by_reason, currencies, breaches, breaches_by_rule,
    'live' AS source,
    CAST(NULL, 'Nullable(DateTime64(3, \'UTC\'))') AS archived_at
FROM monthly_usage_live
WHERE month >= (SELECT first_live_month FROM detailed_retention)
UNION ALL
SELECT
    month, customer_id, account_id, calls, answered_calls, in_plan_calls, off_plan_calls,
    in_plan_seconds, off_plan_seconds, off_plan_charged_seconds, in_plan_minutes, off_plan_minutes,
    off_plan_amount, amount_by_reason, calls_by_reason, currencies, breaches, breaches_by_rule,
    'archive' AS source,
    CAST(snapshot_at, 'Nullable(DateTime64(3, \'UTC\'))') AS archived_at
FROM
(
    SELECT *, archived_at AS snapshot_at
    FROM monthly_usage_archive FINAL
    WHERE (month, archived_at) IN (SELECT month, max(archived_at) FROM monthly_usage_archive GROUP BY month)
)
WHERE month < (SELECT first_live_month FROM detailed_retention);

-- Per customer: the sums of its accounts' rows, minutes recomputed from the summed seconds.
CREATE VIEW IF NOT EXISTS monthly_customer_usage AS
SELECT
    month,
    customer_id,
    count() AS accounts,
    sum(u_calls) AS calls,
    sum(u_answered_calls) AS answered_calls,
    sum(u_in_plan_calls) AS in_plan_calls,
    sum(u_off_plan_calls) AS off_plan_calls,
    sum(u_in_plan_seconds) AS in_plan_seconds,
    sum(u_off_plan_seconds) AS off_plan_seconds,
    sum(u_off_plan_charged_seconds) AS off_plan_charged_seconds,
    toDecimal128(round(toDecimal128(sum(u_in_plan_seconds), 6) / 60, 2), 2) AS in_plan_minutes,
    toDecimal128(round(toDecimal128(sum(u_off_plan_seconds), 6) / 60, 2), 2) AS off_plan_minutes,
    sum(u_off_plan_amount) AS off_plan_amount,
    sumMap(u_amount_by_reason) AS amount_by_reason,
    sumMap(u_calls_by_reason) AS calls_by_reason,
    arraySort(groupUniqArrayArray(u_currencies)) AS currencies,
    sum(u_breaches) AS breaches,
    sumMap(u_breaches_by_rule) AS breaches_by_rule,
    any(u_source) AS source,
    max(u_archived_at) AS archived_at
FROM
(
    SELECT
        month,
        customer_id,
        calls AS u_calls,
        answered_calls AS u_answered_calls,
        in_plan_calls AS u_in_plan_calls,
        off_plan_calls AS u_off_plan_calls,
        in_plan_seconds AS u_in_plan_seconds,
        off_plan_seconds AS u_off_plan_seconds,
        off_plan_charged_seconds AS u_off_plan_charged_seconds,
        off_plan_amount AS u_off_plan_amount,
        amount_by_reason AS u_amount_by_reason,
        calls_by_reason AS u_calls_by_reason,
        currencies AS u_currencies,
        breaches AS u_breaches,
        breaches_by_rule AS u_breaches_by_rule,
        source AS u_source,
        archived_at AS u_archived_at
    FROM monthly_usage
)
GROUP BY month, customer_id;
