-- Checkpoints of the streaming rating job (pipelines/rating-job/rating-partition.ts): per consumer group
-- and partition number, the rating processor's state (fair-use state of the partition's accounts, inputs
-- held until event time allows rating them, watermarks) and the offsets of both co-partitioned topics it
-- covers. A new owner of the partition (restart, rebalance) restores the latest one and resumes from its
-- offsets: the results are those of an uninterrupted run. The Kafka offsets are committed only after the
-- checkpoint is written, so they never run ahead of it.
CREATE TABLE IF NOT EXISTS rating_checkpoints
(
    consumer_group String,
    partition      UInt32,
    -- Increases by one per checkpoint of the partition, whoever owns it: the latest one wins.
    sequence       UInt64,
    -- JSON object: topic -> next offset to read.
    offsets        String,
    -- JSON of RatingProcessorSnapshot.
    snapshot       String CODEC(ZSTD(3)),
    saved_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(sequence)
ORDER BY (consumer_group, partition);
