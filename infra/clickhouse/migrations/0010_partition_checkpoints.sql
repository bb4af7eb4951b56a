-- Checkpoints of the stateful streaming jobs (the rating job, the fraud job): per consumer group and
-- partition number of their co-partitioned input topics, the processor's state (pipelines/streaming/
-- checkpointed-partition.ts: for rating, the fair-use state of the partition's accounts, the inputs held
-- until event time allows rating them and the watermarks; for fraud, the detector's windows) and the offsets
-- of every input topic it covers. A new owner of the partition (restart, rebalance) restores the latest one
-- and resumes from its offsets: the results are those of an uninterrupted run. Kafka offsets are committed
-- only after the checkpoint is written, so they never run ahead of it.
CREATE TABLE IF NOT EXISTS partition_checkpoints
(
    consumer_group String,
    partition      UInt32,
    -- Increases by one per checkpoint of the partition, whoever owns it: the latest one wins.
    sequence       UInt64,
    -- JSON object: topic -> next offset to read.
    offsets        String,
    -- JSON of the processor's snapshot.
    snapshot       String CODEC(ZSTD(3)),
    saved_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(sequence)
ORDER BY (consumer_group, partition);
