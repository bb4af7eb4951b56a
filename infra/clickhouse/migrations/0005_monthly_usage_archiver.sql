-- Every day, a snapshot of the month whose detailed rows expire next (detailed_retention's
-- expiring_month) into monthly_usage_archive, so that month's usage survives the TTL with every
-- correction made up to its last day. OFFSET 22 HOUR: the last snapshot is taken at 22:00 (server
-- time) on the month's last day, two hours before the TTL drops its rows. Idempotent: a snapshot
-- only adds a newer version of the same aggregates.
--
-- A refreshable materialized view (ClickHouse 24.10+, where they are no longer experimental). The
-- server runs it, whether or not the pipeline is running. chDB runs it only while a process holds
-- the data directory; applyRetention() and archiveUsageMonth() cover embedded use.
CREATE MATERIALIZED VIEW IF NOT EXISTS monthly_usage_archiver
REFRESH EVERY 1 DAY OFFSET 22 HOUR
APPEND TO monthly_usage_archive
AS SELECT
    month, customer_id, account_id, calls, answered_calls, in_plan_calls, off_plan_calls,
    in_plan_seconds, off_plan_seconds, off_plan_charged_seconds, in_plan_minutes, off_plan_minutes,
    off_plan_amount, amount_by_reason, calls_by_reason, currencies, breaches, breaches_by_rule,
    now64(3) AS archived_at
FROM monthly_usage_live
WHERE month = (SELECT expiring_month FROM detailed_retention);
