-- BI views (issue 5 part 4): the stable, documented surface for Grafana, Metabase, Superset and the BI team,
-- read as the read-only user bi_reader (infra/clickhouse/users.d/users.xml: SELECT on the cdr database).
--
-- Contract of every bi_* view:
-- * Deduplicated: each reads FINAL or the *_current / monthly_usage views, so a replayed call, a recomputed
--   month, a re-run invoice month or a ticket's successive states count once. Sum them freely.
-- * Plain column names, one meaning each. Money is Decimal (never Float): invoice amounts Decimal(18, 2),
--   usage amounts Decimal(38, 6) as rated (exact sums of the calls' amounts; the invoice rounds them).
-- * Instants are DateTime64(3, 'UTC'). `month` is the 1st day of the Europe/Paris calendar month (Date) and
--   `month_label` the same month as 'YYYY-MM' (handy as a Grafana variable or a chart axis).
-- * Columns may be added later; none is renamed or removed without a new view name.
-- The views hold no logic the pipeline does not already apply: they restate the stored results
-- (pipelines/availability, pipelines/invoicing, pipelines/fraud-actions READMEs give the rules).

-- Usage per (month, customer, SIP account): the live figures while detailed rows are kept, the archived
-- snapshot afterwards (monthly_usage, 0004). Minutes are billable seconds / 60, 2 decimals.
-- fair_use_amount: the part of off_plan_amount billed because of a fair-use breach (complementary invoice).
CREATE VIEW IF NOT EXISTS bi_monthly_usage AS
SELECT
    month,
    formatDateTime(month, '%Y-%m') AS month_label,
    customer_id,
    account_id,
    calls,
    answered_calls,
    in_plan_calls,
    off_plan_calls,
    in_plan_seconds,
    off_plan_seconds,
    in_plan_minutes,
    off_plan_minutes,
    off_plan_amount,
    amount_by_reason['distinct-numbers-exceeded'] + amount_by_reason['concurrent-calls-exceeded']
        + amount_by_reason['registered-devices-exceeded'] + amount_by_reason['third-party-device']
        AS fair_use_amount,
    calls_by_reason['distinct-numbers-exceeded'] + calls_by_reason['concurrent-calls-exceeded']
        + calls_by_reason['registered-devices-exceeded'] + calls_by_reason['third-party-device']
        AS fair_use_calls,
    arrayStringConcat(currencies, ',') AS currency,
    breaches,
    source
FROM monthly_usage;

-- Usage per (month, customer): the sums of its accounts (monthly_customer_usage, 0004).
CREATE VIEW IF NOT EXISTS bi_monthly_customer_usage AS
SELECT
    month,
    formatDateTime(month, '%Y-%m') AS month_label,
    customer_id,
    accounts,
    calls,
    answered_calls,
    in_plan_calls,
    off_plan_calls,
    in_plan_seconds,
    off_plan_seconds,
    in_plan_minutes,
    off_plan_minutes,
    off_plan_amount,
    amount_by_reason['distinct-numbers-exceeded'] + amount_by_reason['concurrent-calls-exceeded']
        + amount_by_reason['registered-devices-exceeded'] + amount_by_reason['third-party-device']
        AS fair_use_amount,
    calls_by_reason['distinct-numbers-exceeded'] + calls_by_reason['concurrent-calls-exceeded']
        + calls_by_reason['registered-devices-exceeded'] + calls_by_reason['third-party-device']
        AS fair_use_calls,
    arrayStringConcat(currencies, ',') AS currency,
    breaches,
    source
FROM monthly_customer_usage;

-- Fair-use breaches per (month, customer, account, rule), one row per rule breached: from the monthly
-- aggregates, so the counts outlive the detailed breach rows (same live/archive rule as bi_monthly_usage).
CREATE VIEW IF NOT EXISTS bi_monthly_breaches AS
SELECT
    month,
    formatDateTime(month, '%Y-%m') AS month_label,
    customer_id,
    account_id,
    breach_rule AS rule,
    breach_count AS breaches
FROM monthly_usage
ARRAY JOIN mapKeys(breaches_by_rule) AS breach_rule, mapValues(breaches_by_rule) AS breach_count;

-- Availability per (month, customer, service), the latest computation (sla_availability FINAL, 0006).
-- below_objective and tier_rate are decided on whole minutes without division, as pipelines/availability
-- does ((M - U) x 100 >= T x M; boundaries belong to the better tier). credit_rate is the stored rate after
-- the 20 % cap over 30 consecutive days, so it can be below tier_rate (capped = true). Ineligible customers
-- (sla_eligible = false) have tier_rate and credit_rate 0. The credit amounts are invoice lines
-- (bi_invoice_lines, kind 'sla-credit', on the invoice of the following month).
CREATE VIEW IF NOT EXISTS bi_availability AS
SELECT
    month,
    formatDateTime(month, '%Y-%m') AS month_label,
    customer_id,
    service,
    minutes_in_month,
    unavailable_minutes,
    excused_minutes,
    availability_percent,
    toDecimal32('99.85', 2) AS objective_percent,
    CAST((toUInt64(minutes_in_month) - unavailable_minutes) * 10000 < toUInt64(minutes_in_month) * 9985, 'Bool')
        AS below_objective,
    sla_eligible,
    multiIf(
        NOT sla_eligible, toDecimal32(0, 4),
        (toUInt64(minutes_in_month) - unavailable_minutes) * 10000 >= toUInt64(minutes_in_month) * 9985,
        toDecimal32(0, 4),
        (toUInt64(minutes_in_month) - unavailable_minutes) * 1000 >= toUInt64(minutes_in_month) * 995,
        toDecimal32('0.05', 4),
        (toUInt64(minutes_in_month) - unavailable_minutes) * 100 >= toUInt64(minutes_in_month) * 97,
        toDecimal32('0.10', 4),
        toDecimal32('0.20', 4)
    ) AS tier_rate,
    credit_rate,
    toDecimal32(credit_rate * 100, 2) AS credit_percent,
    CAST(credit_rate < tier_rate, 'Bool') AS capped,
    toUInt32(length(tickets)) AS ticket_count,
    tickets,
    computed_at
FROM sla_availability FINAL;

-- Failure tickets, the latest state of each (incidents FINAL, 0007). month: the Paris month the failure
-- started in (a failure spanning months counts in each month of bi_availability, here once).
-- excusable: an Excusable Event (no credit). duration_minutes: started_at to resolved_at, or to now while
-- open. Time to repair (reported, no penalty): acknowledged_at to resolved_at (or now while open) against
-- 4 hours, exactly 4 hours meeting it; repair_status as pipelines/availability/time-to-repair.ts: met,
-- missed, running, overdue, not-acknowledged.
CREATE VIEW IF NOT EXISTS bi_incidents AS
SELECT
    ticket_number,
    status,
    customer_id,
    service,
    cause,
    planned_maintenance,
    CAST(planned_maintenance OR cause IN ('CUSTOMER_EQUIPMENT', 'CUSTOMER_ACT', 'PLANNED_MAINTENANCE',
        'OVER_CAPACITY', 'THIRD_PARTY_OPERATOR', 'CUSTOMER_NOT_COOPERATING', 'FORCE_MAJEURE'), 'Bool') AS excusable,
    started_at,
    acknowledged_at,
    resolved_at,
    updated_at,
    toStartOfMonth(started_at, 'Europe/Paris') AS month,
    formatDateTime(toStartOfMonth(started_at, 'Europe/Paris'), '%Y-%m') AS month_label,
    CAST(resolved_at IS NULL, 'Bool') AS is_open,
    toDecimal64(round(toDecimal128(duration_ms, 6) / 60000, 2), 2) AS duration_minutes,
    if(repair_ms IS NULL, NULL, toDecimal64(round(toDecimal128(assumeNotNull(repair_ms), 6) / 60000, 2), 2))
        AS time_to_repair_minutes,
    toUInt32(240) AS repair_target_minutes,
    multiIf(
        acknowledged_at IS NULL, 'not-acknowledged',
        resolved_at IS NULL, if(repair_ms <= 14400000, 'running', 'overdue'),
        if(repair_ms <= 14400000, 'met', 'missed')
    ) AS repair_status,
    description
FROM
(
    SELECT
        *,
        greatest(toInt64(0), toUnixTimestamp64Milli(coalesce(resolved_at, now64(3)))
            - toUnixTimestamp64Milli(started_at)) AS duration_ms,
        if(acknowledged_at IS NULL, NULL,
            greatest(toInt64(0), toUnixTimestamp64Milli(coalesce(resolved_at, now64(3)))
                - toUnixTimestamp64Milli(assumeNotNull(acknowledged_at)))) AS repair_ms
    FROM incidents FINAL
);

-- Fraud alerts (fraud_alerts FINAL, 0009): one row per alert. accounts: the SIP accounts named, joined
-- with ', '. outcome: what the action policy decided, the distinct outcomes over the accounts joined with
-- ', ' (command, alert-only, allowlisted, already-suspended, already-restricted, cooldown);
-- commands: how many accounts got a command. month: the Paris month of detection.
CREATE VIEW IF NOT EXISTS bi_fraud_alerts AS
SELECT
    alert_id,
    rule,
    severity,
    detected_at,
    toStartOfMonth(detected_at, 'Europe/Paris') AS month,
    formatDateTime(toStartOfMonth(detected_at, 'Europe/Paris'), '%Y-%m') AS month_label,
    account_ids,
    arrayStringConcat(account_ids, ', ') AS accounts,
    toUInt32(length(account_ids)) AS account_count,
    window_key,
    window_start,
    window_end,
    reason,
    arrayStringConcat(arraySort(arrayDistinct(mapValues(outcome_by_account))), ', ') AS outcome,
    toUInt32(length(arrayFilter(o -> o = 'command', mapValues(outcome_by_account)))) AS commands,
    counts,
    rules_version,
    recorded_at
FROM
(
    SELECT *, JSONExtract(outcomes, 'Map(String, String)') AS outcome_by_account
    FROM fraud_alerts FINAL
);

-- Fraud alerts per account named (one row per alert and account), with the policy's outcome for it.
CREATE VIEW IF NOT EXISTS bi_fraud_alert_accounts AS
SELECT
    alert_id,
    account_id,
    rule,
    severity,
    detected_at,
    toStartOfMonth(detected_at, 'Europe/Paris') AS month,
    formatDateTime(toStartOfMonth(detected_at, 'Europe/Paris'), '%Y-%m') AS month_label,
    JSONExtractString(outcomes, account_id) AS outcome,
    reason
FROM fraud_alerts FINAL
ARRAY JOIN account_ids AS account_id;

-- Account commands (account_commands FINAL, 0009): suspensions, restrictions of the unlimited plan and
-- reinstatements, automatic or by an operator, in effective-time order per account. command_status: issued
-- (recorded, not yet acknowledged by Kafka) or published. automatic: caused by an alert (alert_id set).
-- status_before / status_after: the account status (active, restricted, suspended) before and after the
-- command, folding the account's commands in (effective_at, command_id) order with the state machine of
-- pipelines/fraud-actions/account-status.ts (a restriction never lifts a suspension).
CREATE VIEW IF NOT EXISTS bi_account_commands AS
SELECT
    command_id,
    effective_at,
    toStartOfMonth(effective_at, 'Europe/Paris') AS month,
    formatDateTime(toStartOfMonth(effective_at, 'Europe/Paris'), '%Y-%m') AS month_label,
    account_id,
    kind,
    rule,
    severity,
    reason,
    alert_id,
    CAST(alert_id IS NOT NULL, 'Bool') AS automatic,
    requested_by,
    keep_emergency_calls,
    status AS command_status,
    arrayFold((state, k) -> multiIf(k = 'suspend', 'suspended',
            k = 'restrict-unlimited', if(state = 'suspended', 'suspended', 'restricted'),
            k = 'reinstate', 'active', state),
        arrayPopBack(kinds_so_far), 'active') AS status_before,
    arrayFold((state, k) -> multiIf(k = 'suspend', 'suspended',
            k = 'restrict-unlimited', if(state = 'suspended', 'suspended', 'restricted'),
            k = 'reinstate', 'active', state),
        kinds_so_far, 'active') AS status_after,
    recorded_at
FROM
(
    SELECT
        *,
        groupArray(CAST(kind, 'String')) OVER (
            PARTITION BY account_id ORDER BY effective_at, command_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS kinds_so_far
    FROM account_commands FINAL
);

-- The current status of every account that ever had a command (accounts without one are active).
-- status: after its last command (bi_account_commands.status_after). status_since: when the status last
-- changed (NULL when no command ever changed it). last_command_*: the latest command, whatever it changed.
-- pending: the latest command is still `issued` (not yet acknowledged on the command topic).
CREATE VIEW IF NOT EXISTS bi_account_status AS
SELECT
    account_id,
    argMax(status_after, (effective_at, command_id)) AS status,
    if(countIf(status_before != status_after) = 0, NULL,
        maxIf(effective_at, status_before != status_after)) AS status_since,
    argMax(command_id, (effective_at, command_id)) AS last_command_id,
    argMax(kind, (effective_at, command_id)) AS last_command_kind,
    argMax(rule, (effective_at, command_id)) AS last_rule,
    argMax(reason, (effective_at, command_id)) AS last_reason,
    argMax(requested_by, (effective_at, command_id)) AS last_requested_by,
    max(effective_at) AS last_command_at,
    CAST(argMax(command_status, (effective_at, command_id)) = 'issued', 'Bool') AS pending,
    count() AS commands,
    countIf(kind = 'suspend') AS suspensions,
    countIf(kind = 'restrict-unlimited') AS restrictions,
    countIf(kind = 'reinstate') AS reinstatements
FROM bi_account_commands
GROUP BY account_id;

-- Invoices of each month's latest run (invoices_current, 0008): kind invoice or complementary (fair-use
-- breaches). month: the invoice month (dated the 1st, due 10 days later); usage and credits on it are
-- those of the month before. Amounts Decimal(18, 2), exclusive (excl_vat) and inclusive (incl_vat) of VAT.
CREATE VIEW IF NOT EXISTS bi_invoices AS
SELECT
    invoice_id,
    kind,
    month,
    formatDateTime(month, '%Y-%m') AS month_label,
    customer_id,
    customer_name,
    status,
    invoice_date,
    due_date,
    currency,
    total_excl_vat,
    vat_amount,
    total_incl_vat,
    line_count,
    run_version,
    computed_at
FROM invoices_current;

-- Lines of the invoices of bi_invoices (invoice_lines_current, 0008). kind: subscription,
-- recurring-service, one-off, usage, fair-use or sla-credit (negative: the SLA credit note of the
-- availability of period_start's month). invoice_kind: the document's kind. amount excludes VAT; VAT is
-- computed per invoice and rate, never per line (see bi_invoices).
CREATE VIEW IF NOT EXISTS bi_invoice_lines AS
SELECT
    l.invoice_id AS invoice_id,
    i.invoice_kind AS invoice_kind,
    l.month AS month,
    formatDateTime(l.month, '%Y-%m') AS month_label,
    l.customer_id AS customer_id,
    l.line_no AS line_no,
    l.kind AS kind,
    l.service AS service,
    l.label AS label,
    l.account_id AS account_id,
    l.period_start AS period_start,
    l.period_end AS period_end,
    l.quantity AS quantity,
    l.unit AS unit,
    l.unit_price AS unit_price,
    l.amount AS amount,
    l.vat_rate AS vat_rate,
    l.evidence AS evidence,
    l.computed_at AS computed_at
FROM invoice_lines_current AS l
INNER JOIN (SELECT invoice_id, run_version, kind AS invoice_kind FROM invoices_current) AS i
    ON l.invoice_id = i.invoice_id AND l.run_version = i.run_version;
