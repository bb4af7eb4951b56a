-- Fraud audit trail (DOMAIN.md section 2, issue 4): every fraud alert and every account command, automatic
-- or operator, so that each suspension is justified, reversible and never duplicated. Written by
-- pipelines/fraud-actions (audit-store.ts), read by `cdr-pipeline account history <account>`.
--
-- Ids are deterministic (alert id: hash of rule, key, window and level; command id: hash of kind, account
-- and cause), so a replay writes the same rows again: ReplacingMergeTree keeps one row per id. Read with
-- FINAL. Evidence holds masked numbers only. No TTL: the audit trail of suspensions is kept; evidence
-- samples never hold a full number.

CREATE TABLE IF NOT EXISTS fraud_alerts
(
    alert_id      String,
    -- credential-brute-force, irsf-burst, spend-velocity, ... (pipelines/fraud/fraud-alert.ts)
    rule          LowCardinality(String),
    -- warning, critical
    severity      LowCardinality(String),
    -- The SIP accounts concerned (several for a window keyed by source IP; empty when none is known).
    account_ids   Array(String),
    -- What the window was keyed by: account:acc-1, ip:203.0.113.7, prefix:+882.
    window_key    String,
    window_start  DateTime64(3, 'UTC'),
    window_end    DateTime64(3, 'UTC'),
    -- Event time of the record that made the rule fire.
    detected_at   DateTime64(3, 'UTC'),
    reason        String,
    -- Counts and amounts as a JSON object (amounts as exact decimal strings).
    counts        String,
    -- Evidence samples as a JSON array of {kind, id, at, summary}, numbers masked.
    samples       String,
    -- Version of the rule configuration (thresholds) that produced the alert; '' when unknown.
    rules_version String,
    -- What the action policy decided per account, JSON object: {"acc-1": "command", "acc-2": "allowlisted"}.
    outcomes      String,
    recorded_at   DateTime64(3, 'UTC'),
    INDEX account_ids_index account_ids TYPE bloom_filter GRANULARITY 4
)
ENGINE = ReplacingMergeTree(recorded_at)
PARTITION BY toYYYYMM(detected_at)
ORDER BY alert_id;

CREATE TABLE IF NOT EXISTS account_commands
(
    command_id           String,
    -- suspend, reinstate, restrict-unlimited
    kind                 LowCardinality(String),
    account_id           String,
    -- The fraud rule behind it, or `operator`.
    rule                 LowCardinality(String),
    severity             LowCardinality(String),
    reason               String,
    -- The alert that caused it; NULL for operator commands.
    alert_id             Nullable(String),
    counts               String,
    samples              String,
    -- Event time the decision refers to (alert detection time, operator request time).
    effective_at         DateTime64(3, 'UTC'),
    -- The detector's name, or the operator's.
    requested_by         String,
    -- Always true: emergency calls are never blocked.
    keep_emergency_calls Bool,
    -- issued: decided and recorded, not yet on the command topic; published: acknowledged by Kafka.
    status               LowCardinality(String),
    -- Order of the statuses (issued 1, published 2): the row with the highest rank is kept, so a replay that
    -- records `issued` again does not hide an earlier `published`.
    status_rank          UInt8,
    recorded_at          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(status_rank)
ORDER BY (account_id, command_id);
