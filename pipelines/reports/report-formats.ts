import { formatUsageCsv } from './format-csv.ts';
import { formatUsageJson } from './format-json.ts';
import { formatUsageTable } from './format-table.ts';
import type { UsageReportView } from './usage-report.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

const FORMATTERS: Readonly<Record<ReportFormat, (report: UsageReportView) => string>> = {
  table: formatUsageTable,
  json: formatUsageJson,
  csv: formatUsageCsv,
};

/** The whole document, ending with its line terminator (`\n`; CSV: `\r\n`). */
export function formatUsageReport(report: UsageReportView, format: ReportFormat): string {
  return FORMATTERS[format](report);
}
