-- Rated calls: one row per call as the rating job priced it (issue 3; DOMAIN.md sections 1, 4, 5).
--
-- Identity. A call is (softswitch, call_id). The sort key adds account_id in front for per-account
-- reads; account_id and month come from the CDR itself (the SIP account that placed the call, the
-- Europe/Paris month of its start), so every replay or re-rating of a call carries the same
-- (month, account_id, softswitch, call_id): it lands in the same partition with the same key, and
-- ReplacingMergeTree keeps the row with the highest rating_version (the last inserted on a tie).
-- The constraint below refuses a row whose month is not the Paris month of its start_time, so a
-- wrongly computed month can never put a replay into another partition (where it would count twice).
--
-- Reads. Until a background merge has run, replaced rows are still on disk: every read that counts
-- or sums must use FINAL (monthly_usage_live does). Reads filter on month (the partition) and
-- account_id (the key prefix), which ClickHouse may apply before FINAL; other filters apply after it.
--
-- Retention. Detailed rows are personal data kept while a bill can be contested (DOMAIN.md 5): the
-- rows of month M are dropped when month M + N + 1 begins, N = 12 by default. The TTL written here
-- is the default; applyRetention() (pipelines/clickhouse/usage-retention.ts) replaces it with
-- `month + toIntervalMonth(N + 1)` for the configured clickhouse.retentionMonths (a migration is
-- applied once and takes no parameters). ttl_only_drop_parts: a month's parts are dropped whole
-- instead of being rewritten row by row. Monthly aggregates outlive the rows: see 0004.
--
-- Money: amount is Decimal(18, 6) (up to 999 999 999 999.999999), written and read as strings.
-- non_replicated_deduplication_window: an insert retried with the same insert_deduplication_token
-- is stored once.
CREATE TABLE IF NOT EXISTS rated_calls
(
    call_id             String,
    softswitch          LowCardinality(String),
    account_id          String,
    customer_id         String,
    -- The 1st day of the call's calendar month in Europe/Paris time, by start_time.
    month               Date,
    start_time          DateTime64(3, 'UTC'),
    answer_time         Nullable(DateTime64(3, 'UTC')),
    end_time            DateTime64(3, 'UTC'),
    duration_s          UInt32,
    billable_s          UInt32,
    -- Billable seconds after the tariff's increments (what the amount was computed on).
    charged_s           UInt32,
    -- E.164 callee: personal data, kept as invoice evidence until the TTL drops the row.
    callee              String,
    destination_class   LowCardinality(String),
    destination_country LowCardinality(String),
    in_plan             Bool,
    -- Why the call is in or out of the plan (in-plan, not-included, distinct-numbers, ...).
    reason              LowCardinality(String),
    amount              Decimal(18, 6),
    currency            LowCardinality(String),
    tariff_id           LowCardinality(String),
    tariff_version      LowCardinality(String),
    -- The pricing breakdown as JSON text.
    breakdown           String,
    rating_version      UInt64,
    rated_at            DateTime64(3, 'UTC'),
    CONSTRAINT month_is_paris_month_of_start CHECK month = toStartOfMonth(start_time, 'Europe/Paris')
)
ENGINE = ReplacingMergeTree(rating_version)
PARTITION BY toYYYYMM(month)
ORDER BY (account_id, softswitch, call_id)
TTL month + toIntervalMonth(13)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
