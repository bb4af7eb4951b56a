import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { ReportedMeasurement } from './benchmark.ts';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews results. */
  readonly loadAverage: readonly number[];
}

export interface BenchmarkResult {
  readonly name: string;
  readonly description: string;
  readonly seconds: number;
  readonly measurements: readonly ReportedMeasurement[];
  /** Set when the benchmark failed; its measurements are then empty. */
  readonly error?: string;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly settings: Readonly<Record<string, number | string>>;
  readonly benchmarks: readonly BenchmarkResult[];
}

export function machineInfo(now = new Date()): MachineInfo {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: now.toISOString(),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** 123456.7 → "123,457"; 0.8123 → "0.81"; keeps tables readable without losing what matters. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function verdict(met: boolean | undefined): string {
  if (met === undefined) return '';
  return met ? 'yes' : '**no**';
}

export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    '# cdr-pipeline benchmarks',
    '',
    `${machine.date} · ${machine.cpuModel} · ${machine.cores} cores · ${machine.memoryGiB} GiB · Node ${machine.node} · ${machine.platform} · load average at start ${machine.loadAverage.join(' / ')}`,
    '',
    `Settings: ${Object.entries(report.settings)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ')}`,
    '',
    '| Benchmark | Measurement | Value | Unit | Target | Met | Note |',
    '| --- | --- | ---: | --- | --- | --- | --- |',
  ];
  for (const benchmark of report.benchmarks) {
    if (benchmark.error !== undefined) {
      lines.push(`| ${benchmark.name} | **failed** | | | | | ${cell(benchmark.error)} |`);
      continue;
    }
    for (const m of benchmark.measurements) {
      const target = m.target === undefined ? '' : `${m.target.comparison} ${formatNumber(m.target.value)}`;
      lines.push(
        `| ${benchmark.name} | ${cell(m.name)} | ${formatNumber(m.value)} | ${m.unit} | ${target} | ${verdict(m.met)} | ${cell(m.note ?? '')} |`,
      );
    }
  }
  lines.push(
    '',
    ...report.benchmarks.map((b) => `- ${b.name} (${b.seconds.toFixed(1)} s): ${b.description}`),
  );
  return `${lines.join('\n')}\n`;
}

/** The project's Prettier style, so the written results pass `npm run format:check` as they are. */
async function prettier(text: string, path: string): Promise<string> {
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

/** Writes `latest.json` and `latest.md` into `directory`; returns their paths. */
export async function writeReport(
  directory: string,
  report: BenchReport,
): Promise<{ json: string; markdown: string }> {
  mkdirSync(directory, { recursive: true });
  const json = join(directory, 'latest.json');
  const markdown = join(directory, 'latest.md');
  writeFileSync(json, await prettier(JSON.stringify(report, null, 2), json));
  writeFileSync(markdown, await prettier(renderMarkdown(report), markdown));
  return { json, markdown };
}
