import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A line-coverage figure and where it was read, so the step log can say which report counted. */
export interface MeasuredCoverage {
  /** Percent of lines covered, 0–100, rounded to two decimals. */
  percent: number;
  source: string;
}

/**
 * Machine-readable reports a coverage tool leaves in the component directory, tried in order:
 * istanbul's json-summary (c8, nyc, jest, vitest), then JaCoCo's CSV (Maven, then Gradle).
 */
const REPORT_FILES: ReadonlyArray<{ path: string; parse: (text: string) => number | undefined }> = [
  { path: 'coverage/coverage-summary.json', parse: fromJsonSummary },
  { path: 'target/site/jacoco/jacoco.csv', parse: fromJacocoCsv },
  { path: 'build/reports/jacoco/test/jacocoTestReport.csv', parse: fromJacocoCsv },
];

/**
 * The line coverage a test phase measured: a report file written during that phase (older files
 * came with the source and say nothing about this run), else the summary the tool printed in the
 * test log. `undefined` when no parseable report exists: the caller says so rather than guessing.
 */
export async function measuredCoverage(componentDir: string, testLog: string, since: number): Promise<MeasuredCoverage | undefined> {
  for (const report of REPORT_FILES) {
    const path = join(componentDir, report.path);
    const info = await stat(path).catch(() => undefined);
    // Two seconds of slack for coarse file-system clocks; unpacked sources carry the archive's mtime (1970).
    if (!info?.isFile() || info.mtimeMs < since - 2000) continue;
    const percent = report.parse(await readFile(path, 'utf8'));
    if (percent !== undefined) return { percent: round(percent), source: report.path };
  }
  const printed = coverageFromLog(testLog);
  return printed && { percent: round(printed.percent), source: printed.source };
}

/**
 * Line coverage from a test log, the last summary printed winning: node's test runner
 * (`--experimental-test-coverage`: "all files | <line %> | …"), istanbul's text table (c8, nyc:
 * the "% Lines" column of "All files"), coverage.py's `coverage report` TOTAL, and `go test -cover`
 * (`go tool cover -func`'s total, else the lowest package figure: one untested package is not
 * hidden by an average).
 */
export function coverageFromLog(log: string): MeasuredCoverage | undefined {
  const parsers: Array<[string, (text: string) => number | undefined]> = [
    ['test runner summary table', fromSummaryTable],
    ['coverage.py report', fromCoveragePy],
    ['go test -cover', fromGoCover],
  ];
  for (const [source, parse] of parsers) {
    const percent = parse(log);
    if (percent !== undefined) return { percent, source };
  }
  return undefined;
}

/** A `|`-separated table with a line-coverage column and an "all files" row (node, istanbul). */
function fromSummaryTable(log: string): number | undefined {
  let column: number | undefined;
  let found: number | undefined;
  for (const line of log.split('\n')) {
    if (!line.includes('|')) continue;
    const cells = line.split('|').map((cell) => cell.replace(/^[\sℹ#]+/u, '').trim());
    const header = cells.findIndex((cell) => /^(line %|% lines)$/i.test(cell));
    if (header >= 0) {
      column = header;
      continue;
    }
    if (column !== undefined && /^all files$/i.test(cells[0] ?? '')) {
      found = percentOf(cells[column]) ?? found;
    }
  }
  return found;
}

function fromCoveragePy(log: string): number | undefined {
  const totals = [...log.matchAll(/^TOTAL\s.*?(\d+(?:\.\d+)?)%\s*$/gm)];
  return percentOf(totals.at(-1)?.[1]);
}

function fromGoCover(log: string): number | undefined {
  const total = [...log.matchAll(/^total:\s+\(statements\)\s+(\d+(?:\.\d+)?)%\s*$/gm)].at(-1);
  if (total) return percentOf(total[1]);
  const packages = [...log.matchAll(/coverage: (\d+(?:\.\d+)?)% of statements/g)].map((match) => Number(match[1]));
  return packages.length > 0 ? Math.min(...packages) : undefined;
}

/** istanbul's json-summary: `total.lines.pct` (the string "Unknown" when nothing was instrumented). */
function fromJsonSummary(text: string): number | undefined {
  try {
    const summary = JSON.parse(text) as { total?: { lines?: { pct?: unknown } } };
    return percentOf(summary.total?.lines?.pct);
  } catch {
    return undefined;
  }
}

/** JaCoCo's CSV: one row per class; lines covered over lines, summed. */
function fromJacocoCsv(text: string): number | undefined {
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const names = header?.split(',') ?? [];
  const missed = names.indexOf('LINE_MISSED');
  const covered = names.indexOf('LINE_COVERED');
  if (missed < 0 || covered < 0 || rows.length === 0) return undefined;
  let missedSum = 0;
  let coveredSum = 0;
  for (const row of rows) {
    const cells = row.split(',');
    missedSum += Number(cells[missed]);
    coveredSum += Number(cells[covered]);
  }
  const lines = missedSum + coveredSum;
  return Number.isFinite(lines) && lines > 0 ? (coveredSum / lines) * 100 : undefined;
}

function percentOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) && number >= 0 && number <= 100 ? number : undefined;
}

function round(percent: number): number {
  return Math.round(percent * 100) / 100;
}
