-- Fair-use breaches (DOMAIN.md section 1): one row per breach event (pipelines/fair-use/breach.ts),
-- the evidence behind an invoice line. breach_id is deterministic (a hash of the account, the rule,
-- the month and the trigger), so a replay records the same breach again and ReplacingMergeTree
-- keeps one row per (account_id, breach_id) in the month's partition: the most recently recorded.
-- Count with FINAL (monthly_usage_live does). The constraint keeps a breach in the partition of its
-- Paris month, as for rated calls.
--
-- Same retention as rated_calls (the evidence may quote numbers): the default TTL below is
-- replaced by applyRetention() with the configured clickhouse.retentionMonths; breach counts per
-- month outlive it in the usage archive (0004).
CREATE TABLE IF NOT EXISTS fair_use_breaches
(
    breach_id           String,
    account_id          String,
    customer_id         String,
    -- distinct-numbers, concurrent-calls, registered-devices, third-party-device, telecom-professional...
    rule                LowCardinality(String),
    -- The 1st day of the Europe/Paris month the breach belongs to.
    month               Date,
    `at`                DateTime64(3, 'UTC'),
    -- The call that breached, or the registration event (registered-devices, third-party-device).
    triggering_call_id  Nullable(String),
    triggering_event_id Nullable(String),
    -- The plan's breach policy then (rest-of-month, whole-month); rerate_month: the whole month
    -- must be re-rated per minute.
    policy              LowCardinality(String),
    rerate_month        Bool,
    -- The evidence as JSON text.
    evidence            String,
    recorded_at         DateTime64(3, 'UTC'),
    CONSTRAINT month_is_paris_month_of_at CHECK month = toStartOfMonth(`at`, 'Europe/Paris')
)
ENGINE = ReplacingMergeTree(recorded_at)
PARTITION BY toYYYYMM(month)
ORDER BY (account_id, breach_id)
TTL month + toIntervalMonth(13)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
