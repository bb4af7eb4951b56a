-- Monthly availability and SLA credit rate per customer and service (DOMAIN.md section 3), one row per
-- (month, customer, service), written by `cdr-pipeline availability run --month YYYY-MM`
-- (pipelines/availability) and read by `cdr-pipeline invoice run` (pipelines/invoicing) and BI.
-- Recomputing a month writes the rows again with a later computed_at: ReplacingMergeTree keeps the last
-- (read with FINAL). Exact figures: minutes are integers, the percentage and the rate are Decimals.
CREATE TABLE IF NOT EXISTS sla_availability
(
    -- The 1st day of the Europe/Paris calendar month.
    month                Date,
    customer_id          String,
    service              LowCardinality(String),
    minutes_in_month     UInt32,
    -- Unavailability counted against the SLA (incidents merged, excusable events excluded, clipped to the month).
    unavailable_minutes  UInt32,
    -- Unavailability from excusable events (planned maintenance, customer equipment, force majeure...): no credit.
    excused_minutes      UInt32,
    availability_percent Decimal(9, 6),
    -- False: the customer did not order its access links, terminals or router through the operator, no SLA.
    sla_eligible         Bool,
    -- Credit rate on the monthly amount invoiced for the service: 0, 0.05, 0.10 or 0.20.
    credit_rate          Decimal(5, 4),
    -- Ticket numbers that contributed to the month (counted or excused).
    tickets              Array(String),
    computed_at          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (month, customer_id, service);
