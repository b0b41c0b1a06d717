import type { HeyReport } from '@jetway/testing';
import { benchFailed, renderTable, verdicts, type Row } from './table';

const summary = (p50: number, p99: number, failed = 0, totalSeconds = 5): HeyReport => {
  const statuses: Record<number, number> = failed ? { 200: 4_000 - failed, 502: failed } : { 200: 4_000 };
  return { requests: 4_000, failed, nonSuccess: failed, errorCount: 0, statuses, errors: {}, latencyMs: { 50: p50, 99: p99 }, requestsPerSecond: 800, totalSeconds };
};
const LOAD = { seconds: 5, concurrency: 16, qps: 50, rolloutMarginSeconds: 1.5 };

describe('rollout-bench table', () => {
  const direct: Row = { scenario: 'direct to an instance', kind: 'direct', summary: summary(1, 4) };
  const routerRows: Row[] = [
    direct,
    { scenario: 'minimal Node.js proxy (reference)', kind: 'reference', summary: summary(2, 8) },
    { scenario: 'through the router', kind: 'router', summary: summary(2, 5) },
    { scenario: 'router, canary 25 %', kind: 'router', summary: summary(2, 7, 3) },
  ];
  const rolling: Row = { scenario: 'rolling v1 → v2', kind: 'rollout', summary: summary(2, 6, 0, 9.04), rollout: { ok: true, outcome: 'succeeded', seconds: 6.04 } };
  const canary: Row = {
    scenario: 'canary v2 → v3',
    kind: 'rollout',
    summary: summary(3, 12, 0, 8),
    rollout: { ok: false, outcome: 'rolled_back', detail: 'canary step 1 of 4 (5 %): analysis failed', seconds: 5 },
  };

  it('prints each scenario with its p99 ratio against the direct row, and judges the router rows only', () => {
    const table = renderTable(routerRows, LOAD).split('\n');
    expect(table[0]).toBe('load: hey -c 16 -q 50 (at most 800 requests/s), keep-alive, per scenario:');
    expect(table[1]).toBe('5 s a row (-z 5s); a rollout row from 1.5 s before the rollout until 1.5 s after it finished');
    expect(table[3]).toMatch(/^scenario\s+requests\s+failed\s+p50 ms\s+p99 ms\s+p99 vs direct\s+req\/s\s+load s\s+rollout$/);
    expect(table[4]).toMatch(/^direct to an instance\s+4000\s+0\s+1\.00\s+4\.00\s+—\s+800\s+5\.0\s+—$/);
    expect(table[6]).toMatch(/^through the router\s+4000\s+0\s+2\.00\s+5\.00\s+1\.25×\s+800\s+5\.0\s+—$/);
    expect(verdicts(routerRows)).toEqual([
      'through the router: p99 1.25× direct (target ≤ 1.5: met)',
      'router, canary 25 %: p99 1.75× direct (target ≤ 1.5: MISSED)',
      'router, canary 25 %: 3 failed requests (3× 502)',
    ]);
  });

  it('prints a rollout row with how long its load ran and how the rollout ended, and judges it like a router row', () => {
    const rows = [direct, rolling, canary];
    const table = renderTable(rows, LOAD).split('\n');
    expect(table[5]).toMatch(/^rolling v1 → v2\s+4000\s+0\s+2\.00\s+6\.00\s+1\.50×\s+800\s+9\.0\s+succeeded in 6\.0 s$/);
    expect(table[6]).toMatch(/^canary v2 → v3\s+4000\s+0\s+3\.00\s+12\.00\s+3\.00×\s+800\s+8\.0\s+rolled_back in 5\.0 s$/);
    expect(verdicts(rows)).toEqual([
      'rolling v1 → v2: p99 1.50× direct (target ≤ 1.5: met)',
      'canary v2 → v3: p99 3.00× direct (target ≤ 1.5: MISSED)',
      'canary v2 → v3: the rollout did not succeed: rolled_back (canary step 1 of 4 (5 %): analysis failed)',
    ]);
  });

  it('fails the bench on a failed request or a rollout that did not succeed, not on a missed target', () => {
    expect(benchFailed([direct, rolling])).toBe(false);
    expect(benchFailed(routerRows)).toBe(true);
    expect(benchFailed([direct, canary])).toBe(true);
  });
});
