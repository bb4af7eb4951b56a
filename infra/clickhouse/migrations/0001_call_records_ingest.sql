-- Raw call records as consumed from Kafka: the sink of the ingest path.
-- One row per CallRecord (schemas/cdr/CallRecord.avsc), with the Kafka position it came from.
-- The sort key is that position: the sink finds the highest stored offset of a partition cheaply,
-- and skips records at or below it when a batch is replayed after a crash.
-- non_replicated_deduplication_window keeps the hashes of the last 1000 inserted blocks, so an
-- insert retried with the same insert_deduplication_token is stored once.
CREATE TABLE IF NOT EXISTS cdr_ingest
(
    call_id         String,
    account_id      String,
    caller          String,
    callee          String,
    start_time      DateTime64(3, 'UTC'),
    answer_time     Nullable(DateTime64(3, 'UTC')),
    end_time        DateTime64(3, 'UTC'),
    duration_s      UInt32,
    billable_s      UInt32,
    disposition     LowCardinality(String),
    direction       LowCardinality(String),
    user_agent      Nullable(String),
    source_ip       Nullable(String),
    softswitch      LowCardinality(String),
    sip_call_id     Nullable(String),
    kafka_topic     LowCardinality(String),
    kafka_partition UInt16,
    kafka_offset    UInt64,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(start_time)
ORDER BY (kafka_topic, kafka_partition, kafka_offset)
SETTINGS non_replicated_deduplication_window = 1000;
