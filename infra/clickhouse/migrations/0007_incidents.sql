-- Failure tickets (schemas/incident/IncidentTicket.avsc), written by `cdr-pipeline incidents ingest` (Kafka)
-- and `cdr-pipeline incidents import FILE`, read by `cdr-pipeline availability run` (pipelines/availability).
-- Every ticket event carries the ticket's whole state: the table keeps one row per ticket, its latest state.
-- ReplacingMergeTree keyed by ticket_number with `version` = updated_at in milliseconds x 4 + the status
-- rank (OPENED 0, UPDATED 1, ACKNOWLEDGED 2, CLOSED 3): a later change wins, and a replay or a re-import
-- of events already stored writes identical rows that collapse into the same state. Read with FINAL.
-- The kafka_* columns are the provenance the Kafka sink uses to skip a replayed batch after a crash
-- (empty topic for rows imported from a file, see `source`).
CREATE TABLE IF NOT EXISTS incidents
(
    ticket_number       String,
    event_id            String,
    -- OPENED, UPDATED, ACKNOWLEDGED, CLOSED.
    status              LowCardinality(String),
    customer_id         String,
    service             LowCardinality(String),
    -- UNKNOWN, OPERATOR_FAULT (counted against the SLA) or one of the contract's Excusable Events.
    cause               LowCardinality(String),
    planned_maintenance Bool,
    started_at          DateTime64(3, 'UTC'),
    acknowledged_at     Nullable(DateTime64(3, 'UTC')),
    -- NULL while the failure lasts.
    resolved_at         Nullable(DateTime64(3, 'UTC')),
    updated_at          DateTime64(3, 'UTC'),
    description         String,
    version             UInt64,
    -- `kafka` or `file:<name>`.
    source              LowCardinality(String),
    kafka_topic         LowCardinality(String),
    kafka_partition     UInt16,
    kafka_offset        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY ticket_number
SETTINGS non_replicated_deduplication_window = 1000;
