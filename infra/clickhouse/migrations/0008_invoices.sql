-- Draft invoices (issue 5 part 3; DOMAIN.md section 4), written by `cdr-pipeline invoice run --month YYYY-MM`
-- (pipelines/invoicing). One row per document in `invoices`, one row per line in `invoice_lines`.
--
-- Re-running a month replaces its drafts and never duplicates them:
-- * Ids are deterministic per (month, customer, kind) (`F-202603-C-0001`, `FC-202603-C-0001`), and each run
--   of a month has a run_version higher than the month's previous runs.
-- * invoices: ReplacingMergeTree(run_version) keyed by (customer_id, kind, invoice_id) in the month's
--   partition: a re-run replaces each document (read with FINAL).
-- * invoice_lines: keyed by (invoice_id, run_version, line_no), so the lines of a run never replace those
--   of another one (a re-run may produce fewer lines); a retried insert of the same run collapses to one row.
--   The lines are written first, then the invoices: the invoices row is the commit point of a run, and the
--   lines that count are those of the invoice's run_version. Lines of older runs are deleted after a
--   successful run.
-- * invoices_current / invoice_lines_current: the documents of each month's latest run (a customer no longer
--   invoiced in a re-run disappears) and their lines. Read these.
--
-- Money: Decimal(18, 2) amounts (rounded to the cent by the rules of pipelines/invoicing/README.md),
-- Decimal(18, 6) quantities and unit prices, written and read as strings; exact.
CREATE TABLE IF NOT EXISTS invoices
(
    invoice_id        String,
    -- invoice | complementary
    kind              LowCardinality(String),
    -- The 1st of the invoice month M (Europe/Paris).
    month             Date,
    customer_id       String,
    customer_name     String,
    -- draft: computed by the pipeline, not issued.
    status            LowCardinality(String),
    invoice_date      Date,
    due_date          Date,
    currency          LowCardinality(String),
    total_excl_vat    Decimal(18, 2),
    vat_amount        Decimal(18, 2),
    total_incl_vat    Decimal(18, 2),
    -- JSON [{"rate":"0.2","base":"59.80","vat":"11.96"}]: VAT per rate, rounded once per rate.
    vat_breakdown     String,
    line_count        UInt32,
    reference_version String,
    run_version       UInt64,
    computed_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(run_version)
PARTITION BY toYYYYMM(month)
ORDER BY (customer_id, kind, invoice_id);

CREATE TABLE IF NOT EXISTS invoice_lines
(
    invoice_id   String,
    month        Date,
    customer_id  String,
    run_version  UInt64,
    line_no      UInt32,
    -- subscription | recurring-service | one-off | usage | fair-use | sla-credit
    kind         LowCardinality(String),
    service      LowCardinality(String),
    label        String,
    account_id   String,
    period_start Date,
    period_end   Date,
    quantity     Decimal(18, 6),
    unit         LowCardinality(String),
    unit_price   Nullable(Decimal(18, 6)),
    amount       Decimal(18, 2),
    vat_rate     Decimal(5, 4),
    -- Breach ids, ticket numbers, charge or service ids.
    evidence     Array(String),
    -- JSON: the calls a fair-use line bills (callee masked), [] otherwise.
    calls        String,
    computed_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(month)
ORDER BY (invoice_id, run_version, line_no);

CREATE VIEW IF NOT EXISTS invoices_current AS
SELECT *
FROM invoices FINAL
WHERE (month, run_version) IN (SELECT month, max(run_version) FROM invoices GROUP BY month);

CREATE VIEW IF NOT EXISTS invoice_lines_current AS
SELECT *
FROM invoice_lines FINAL
WHERE (invoice_id, run_version) IN (SELECT invoice_id, run_version FROM invoices_current);
