import { applicationIn, tally } from './effects';
import { renderReport, violations, type ChaosReport } from './report';
import { planRun } from './workload';

const sources = { healthy: '/src/healthy', broken: '/src/broken', leaky: '/src/leaky' };
const runs = [0, 1, 2].map((i) => planRun(i, 's', sources, '/tmp/starts'));

describe('effect tallies', () => {
  it('plans one application per run with the outcome, starts and PagerDuty events it must have', () => {
    expect(runs.map((r) => [r.application, r.expected, r.expectedStarts, r.expectedPagerDutyEvents])).toEqual([
      ['chaos-healthy-0000', 'succeeded', 4, 2], // resolves for staging and production
      ['chaos-broken-0001', 'failed', 2, 0], // fails in staging: not paged by default
      ['chaos-leaky-0002', 'failed', 0, 0],
    ]);
  });

  it('counts starts beyond a run\'s expectation as repeated and short ones as missing', () => {
    const seen = [
      ...Array.from({ length: 5 }, (_, n) => ({ application: 'chaos-healthy-0000', key: `start-${n}` })),
      { application: 'chaos-broken-0001', key: 'start-9' },
    ];
    expect(tally(seen, runs, (r) => r.expectedStarts)).toEqual({
      expected: 6,
      actual: 6,
      repeated: 1,
      missing: 1,
      off: ['chaos-healthy-0000 5/4', 'chaos-broken-0001 1/2'],
    });
  });

  it('counts the same post twice as repeated, and a post of no planned run too', () => {
    const seen = [
      { application: 'chaos-healthy-0000', key: 'a' },
      { application: 'chaos-healthy-0000', key: 'a' },
      { application: 'chaos-broken-0001', key: 'b' },
      { application: 'chaos-leaky-0002', key: 'c' },
      { application: undefined, key: 'd' },
    ];
    expect(tally(seen, runs, () => 1)).toMatchObject({ repeated: 2, missing: 0 });
  });

  it('finds the chaos application a text names, whole', () => {
    expect(applicationIn('chaos-healthy-0012 ✅ succeeded')).toBe('chaos-healthy-0012');
    expect(applicationIn('jetway/chaos-broken-0001/staging')).toBe('chaos-broken-0001');
    expect(applicationIn('hello-service')).toBeUndefined();
  });
});

describe('the chaos report', () => {
  const clean: ChaosReport = {
    seed: 7,
    broker: 'one nats-server',
    durationMs: 61_000,
    runs: 3,
    finishedAsExpected: 3,
    wrongOutcome: [],
    lost: [],
    kills: { planner: 2, deployer: 1, 'nats-server': 1 },
    crashes: [],
    redeliveries: 5,
    duplicatesDropped: { publish: 2, effect: 1 },
    stepsRecovered: 1,
    processes: { expected: 6, actual: 6, repeated: 0, missing: 0 },
    slack: { expected: 3, actual: 3, repeated: 0, missing: 0 },
    pagerduty: { expected: 4, actual: 4, repeated: 0, missing: 0 },
  };

  it('prints the table with every figure', () => {
    const table = renderReport(clean);
    expect(table).toContain('chaos: 3 runs on one nats-server, seed 7, 61 s');
    expect(table).toMatch(/kills \(SIGKILL\)\s+4\s+\(planner 2, deployer 1, nats-server 1\)/);
    expect(table).toMatch(/duplicates dropped\s+3\s+\(publish 2, effect 1\)/);
    expect(table).toMatch(/steps recovered\s+1\s+\(finished events lost by the broker/);
    expect(table).toMatch(/effects repeated\s+0\s+\(must be 0/);
    expect(table).toMatch(/runs lost\s+0/);
    expect(table).toMatch(/service crashes\s+0/);
    expect(table).toMatch(/pagerduty events\s+4\s+\(expected 4: a resolve per environment of a success/);
  });

  it('holds when nothing was lost, wrong, repeated or missing, and names each violation otherwise', () => {
    expect(violations(clean)).toEqual([]);
    const bad = {
      ...clean,
      lost: ['chaos-healthy-0000'],
      crashes: ['notifier exited (1): notifier: TIMEOUT'],
      slack: { ...clean.slack, repeated: 1 },
      processes: { ...clean.processes, missing: 2 },
    };
    expect(violations(bad)).toEqual([
      '1 run(s) lost: chaos-healthy-0000',
      '1 service crash(es): notifier exited (1): notifier: TIMEOUT',
      '1 effect(s) repeated',
      '2 effect(s) missing',
    ]);
  });

  it('counts a PagerDuty event no run should have caused (a page for a staging failure) as repeated', () => {
    const paged = { ...clean, pagerduty: { expected: 4, actual: 5, repeated: 1, missing: 0, off: ['chaos-broken-0001 1/0'] } };
    expect(violations(paged)).toEqual(['1 effect(s) repeated (pagerduty chaos-broken-0001 1/0)']);
  });
});
