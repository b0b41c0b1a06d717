import type { HeyReport } from '@jetway/testing';
import type { RolloutResult } from './rollouts';
import type { Load } from './scenarios';

/** One line of the table: a scenario and what hey saw while it ran. */
export interface Row {
  readonly scenario: string;
  /**
   * `direct`: the baseline (first row); `reference`: not the router (no verdict); `router`: the
   * router with routes set by hand; `rollout`: a real strategy run by the deployer. Both of the
   * last are judged against the target.
   */
  readonly kind: 'direct' | 'reference' | 'router' | 'rollout';
  readonly summary: HeyReport;
  /** How the rollout of a `rollout` row ended. */
  readonly rollout?: RolloutResult;
}

/** How the table says what load each row got. */
export interface TableLoad extends Load {
  /** Seconds of load before and after a rollout (a rollout row's load lasts the rollout plus twice this). */
  readonly rolloutMarginSeconds: number;
}

/** The router's overhead target: p99 through the router at most this many times p99 straight to an instance. */
export const P99_RATIO_TARGET = 1.5;

const fixed = (value: number | undefined, digits = 2) => (value === undefined ? '—' : value.toFixed(digits));

/**
 * The table `npm run rollout-bench` prints: per scenario, requests sent, failed (non-2xx and no
 * answer), p50/p99, the p99 ratio against the first row (the same load straight to an instance),
 * how long the load ran, and for a rollout how it ended and how long it took.
 */
export function renderTable(rows: readonly Row[], load: TableLoad): string {
  const baseline = rows[0]?.summary.latencyMs[99];
  const header = ['scenario', 'requests', 'failed', 'p50 ms', 'p99 ms', 'p99 vs direct', 'req/s', 'load s', 'rollout'];
  const body = rows.map((row, i) => {
    const { requests, failed, latencyMs, requestsPerSecond, totalSeconds } = row.summary;
    const ratio = i === 0 || baseline === undefined || latencyMs[99] === undefined ? undefined : latencyMs[99] / baseline;
    const rollout = row.rollout ? `${row.rollout.outcome} in ${row.rollout.seconds.toFixed(1)} s` : '—';
    return [row.scenario, String(requests), String(failed), fixed(latencyMs[50]), fixed(latencyMs[99]), ratio === undefined ? '—' : `${ratio.toFixed(2)}×`, requestsPerSecond.toFixed(0), totalSeconds.toFixed(1), rollout];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const align = (cell: string, c: number) => (c === 0 || c === header.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0));
  const line = (cells: readonly string[]) => cells.map(align).join('  ').trimEnd();
  const title = [
    `load: hey -c ${load.concurrency} -q ${load.qps} (at most ${load.concurrency * load.qps} requests/s), keep-alive, per scenario:`,
    `${load.seconds} s a row (-z ${load.seconds}s); a rollout row from ${load.rolloutMarginSeconds} s before the rollout until ${load.rolloutMarginSeconds} s after it finished`,
  ];
  return [...title, '', line(header), ...body.map(line)].join('\n');
}

/** The verdict lines under the table: the overhead target per router and rollout row, failed requests, and rollouts that did not succeed. */
export function verdicts(rows: readonly Row[]): string[] {
  const baseline = rows[0]?.summary.latencyMs[99];
  const lines: string[] = [];
  for (const row of rows.filter((r) => r.kind === 'router' || r.kind === 'rollout')) {
    const p99 = row.summary.latencyMs[99];
    if (baseline === undefined || p99 === undefined) continue;
    const ratio = p99 / baseline;
    lines.push(`${row.scenario}: p99 ${ratio.toFixed(2)}× direct (target ≤ ${P99_RATIO_TARGET}: ${ratio <= P99_RATIO_TARGET ? 'met' : 'MISSED'})`);
  }
  for (const row of rows) if (row.summary.failed > 0) lines.push(`${row.scenario}: ${row.summary.failed} failed requests (${describeFailures(row.summary)})`);
  for (const row of rows) {
    if (row.rollout && !row.rollout.ok) lines.push(`${row.scenario}: the rollout did not succeed: ${row.rollout.outcome}${row.rollout.detail ? ` (${row.rollout.detail})` : ''}`);
  }
  return lines;
}

/** The bench fails (exit 1) when a request failed or a rollout did not succeed. */
export function benchFailed(rows: readonly Row[]): boolean {
  return rows.some((row) => row.summary.failed > 0 || row.rollout?.ok === false);
}

function describeFailures(summary: HeyReport): string {
  const codes = Object.entries(summary.statuses).filter(([code]) => Number(code) < 200 || Number(code) >= 300).map(([code, n]) => `${n}× ${code}`);
  const errors = Object.entries(summary.errors).map(([message, n]) => `${n}× ${message}`);
  return [...codes, ...errors].join('; ');
}
