import { chainTable, soloTable, cpuBreakdown, evaluateTargets, handOffLine, kindTable, rssLine, scaleLines, scaleTailLine, slowestTransitions, targetLine, type ChainResult, type KindLine, type ScaleLine } from './report';
import { summarize } from './stats';

const MB = 1024 * 1024;

function chain(label: string, hopsPerSec: number, hopP50: number): ChainResult {
  return {
    label,
    runs: 100,
    finished: 100,
    failed: 0,
    hops: 23,
    wallMs: 1000,
    hopsPerSec,
    hop: { ...summarize([hopP50]), p99: hopP50 * 3 },
    run: summarize([hopP50 * 22]),
    peakRss: { bytes: 90 * MB, of: 'planner' },
    cpuMsPerHop: 0.8,
  };
}

const scale = (runs: number, finished: number): ScaleLine => ({
  runs,
  finished,
  failed: 0,
  wallMs: 2500,
  hopsPerSec: 1200,
  hop: summarize([1, 2]),
  run: summarize([1500]),
});

describe('chainTable', () => {
  it('puts the shape in the header and one aligned line per chain', () => {
    const table = chainTable([chain('jetway mesh', 1234.4, 1.5), chain('raw nats.js JetStream', 5000, 0.5)], { hops: 23, payloadBytes: 610, runs: 100 });
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^chain \(23 hops, 610-byte payload, 100 runs\)\s+hops\/s\s+p50 ms\/hop/);
    expect(lines[1]).toMatch(/^jetway mesh\s+1234\s+1\.50\s+4\.50\s+33\.0\s+33\.0\s+0\.80\s+100\/100\s+90 MB \(planner\)$/);
    expect(lines[1]?.indexOf('1234')).toBe((lines[2]?.indexOf('5000') ?? 0));
  });
});

describe('evaluateTargets', () => {
  it('holds the mesh to its writes and CPU per run, to raw JetStream and BullMQ, to RSS and to the largest scale line', () => {
    const targets = evaluateTargets({
      mesh: { ...chain('mesh', 1000, 3), writesPerRun: 31.5 },
      raw: chain('raw', 4000, 1),
      bullmq: chain('bullmq', 800, 1),
      solo: { mesh: { label: 'mesh', runs: 20, hop: summarize([1.5]), run: summarize([40]) }, raw: { label: 'raw', runs: 20, hop: summarize([1]), run: summarize([12]) } },
      rss: [{ service: 'planner', peakBytes: 160 * MB }, { service: 'builder', peakBytes: 80 * MB }],
      scale: [scale(1, 1), { ...scale(10_000, 9_999), hop: { ...summarize([2]), p99: 50 }, run: { ...summarize([1500]), p99: 2900 } }],
    });
    expect(targets.map((t) => [t.name, t.value, t.met])).toEqual([
      ['JetStream writes per deployment run', 31.5, false],
      ['CPU ms per deployment run (services + nats-server)', expect.closeTo(18.4, 6), true],
      ['mesh/raw throughput', 0.25, false],
      ['mesh/BullMQ throughput', 1.25, true],
      ['p50 mesh/raw, one run at a time', 1.5, true],
      ['peak RSS per service at 100 concurrent runs (MB)', 160, false],
      ['10,000 concurrent runs finished (share)', 0.9999, false],
      ['10,000 concurrent runs: hop p99/p50', 25, false],
      ['10,000 concurrent runs: run p99/p50', expect.closeTo(1.93, 2), true],
    ]);
    expect(targetLine(targets)).toContain('mesh/raw throughput 0.25 (target ≥ 0.35: MISSED)');
    expect(targetLine(targets)).toContain('mesh/BullMQ throughput 1.25 (target ≥ 0.8: met)');
  });

  it('does not call a target met when a chain was not measured', () => {
    const targets = evaluateTargets({ mesh: chain('mesh', 1000, 3), rss: [], scale: [] });
    expect(targets.filter((t) => t.value === undefined).map((t) => [t.name, t.met])).toEqual([
      ['JetStream writes per deployment run', false],
      ['mesh/raw throughput', false],
      ['mesh/BullMQ throughput', false],
    ]);
  });
});

describe('cpuBreakdown', () => {
  it('gives each process per run, largest first, and the cores kept busy', () => {
    expect(cpuBreakdown({ cpu: { builder: 1000, planner: 3000, 'nats-server': 2000 }, finished: 100, wallMs: 4000 })).toBe(
      'CPU ms per run: planner 30.0, nats-server 20.0, builder 10.0; total 60.0 ms/run, 1.50 cores busy',
    );
    expect(cpuBreakdown({ cpu: { planner: 1000 }, finished: 10, wallMs: 1000, othersCpuMs: 900 })).toMatch(/other processes on the machine kept 0\.90 cores busy meanwhile$/);
  });

  it("says how much of a process's CPU the programs it ran used, when they used any", () => {
    const cpu = { 'monitor-configurator': 5000, planner: 1000 };
    expect(cpuBreakdown({ cpu, finished: 100, wallMs: 4000, programsCpuMs: { 'monitor-configurator': 2100, planner: 1 } })).toBe(
      'CPU ms per run: monitor-configurator 50.0 (its programs 21.0), planner 10.0; total 60.0 ms/run, 1.50 cores busy',
    );
  });
});

describe('rssLine and scaleLines', () => {
  it('lists each service and marks the limit', () => {
    expect(rssLine([{ service: 'planner', peakBytes: 120 * MB }, { service: 'notifier', peakBytes: 70 * MB }])).toBe(
      'peak RSS per service: planner 120 MB, notifier 70 MB (target ≤ 150 MB: met)',
    );
  });

  it('says whether every run of a scale line finished', () => {
    const lines = scaleLines([scale(1, 1), scale(10_000, 9_000)]).split('\n');
    expect(lines[0]).toMatch(/^1 concurrent run\s+1\/1 finished in 2\.5 s\s+1200 hops\/s .* all finished$/);
    expect(lines[1]).toMatch(/^10,000 concurrent runs\s+9000\/10000 finished .* NOT ALL FINISHED$/);
  });
});

describe('scaleTailLine', () => {
  const tailed = (runs: number, p50: number, p99: number, finished = runs): ScaleLine => ({ ...scale(runs, finished), hop: { ...summarize([p50]), p99 } });

  it("sets each baseline's hop p99/p50 beside the mesh's at the mesh's largest run count", () => {
    const line = scaleTailLine({ label: 'mesh', scale: [tailed(100, 10, 150), tailed(10_000, 300, 150_000)] }, [
      { label: 'raw', scale: [tailed(100, 1, 3), tailed(10_000, 40, 4_600)] },
      { label: 'floor', scale: [tailed(10_000, 10, 13_000, 9_990)] },
      { label: 'BullMQ', scale: [] },
    ]);
    expect(line).toBe("10,000 runs published at once, hop p99/p50 on each chain (the mesh's target ≤ 20): mesh 500.00, raw 115.00, floor 1300.00 (9990/10000 finished)");
  });

  it('says nothing without a baseline at that size, or without the mesh', () => {
    expect(scaleTailLine({ label: 'mesh', scale: [tailed(10_000, 1, 2)] }, [{ label: 'raw', scale: [tailed(100, 1, 2)] }])).toBeUndefined();
    expect(scaleTailLine({ label: 'mesh', scale: [] }, [{ label: 'raw', scale: [tailed(100, 1, 2)] }])).toBeUndefined();
  });
});

describe('handOffLine', () => {
  it("lists the mesh's hand-offs slowest first, each beside the floor's p50, — where the floor has none", () => {
    const mesh = new Map([['a → b', [2, 2, 2]], ['b → c', [9, 10, 11]], ['b → b.started', [4]]]);
    const floor = new Map([['a → b', [1, 1]], ['b → c', [1.5]]]);
    expect(handOffLine(mesh, floor)).toBe('b → c 10.0 / 1.5 ms; b → b.started 4.0 / — ms; a → b 2.0 / 1.0 ms');
  });
});

describe('slowestTransitions', () => {
  it('lists hand-offs by median gap, slowest first', () => {
    const text = slowestTransitions(new Map([['a → b', [1, 1, 1]], ['b → c', [50, 60, 70]], ['c → d', [5]]]), 2);
    expect(text).toBe('b → c p50 60.0 / p99 70.0 ms; c → d p50 5.0 / p99 5.0 ms');
  });
});

describe('soloTable', () => {
  it('lists each chain\'s unqueued latency', () => {
    const lines = soloTable([{ label: 'jetway mesh', runs: 20, hop: summarize([2, 4]), run: summarize([80]) }]).split('\n');
    expect(lines[0]).toMatch(/^one run at a time \(20 runs each\)\s+p50 ms\/hop/);
    expect(lines[1]).toMatch(/^jetway mesh\s+2\.00\s+4\.00\s+80\.0\s+80\.0$/);
  });

  it('adds the unqueued p50 ratio to the targets when both were measured', () => {
    const solo = (p50: number) => ({ label: '', runs: 20, hop: summarize([p50]), run: summarize([1]) });
    const targets = evaluateTargets({ rss: [], scale: [], solo: { mesh: solo(3), raw: solo(1) } });
    expect(targets.find((t) => t.name === 'p50 mesh/raw, one run at a time')).toMatchObject({ value: 3, met: false });
  });
});

describe('kindTable', () => {
  const kind = (name: string, extra: Partial<KindLine> = {}): KindLine => ({
    kind: name,
    runs: 10,
    finished: 10,
    failed: 0,
    wallMs: 4000,
    cpuMs: 1234,
    writesPerRun: 41.25,
    failures: [],
    timedOut: false,
    ...extra,
  });

  it('puts runs/s, CPU ms per finished run and writes per run on one aligned line per kind', () => {
    const lines = kindTable([kind('ci_cd_setup'), kind('infrastructure', { finished: 8, cpuMs: 800 })], 10).split('\n');
    expect(lines[0]).toMatch(/^other pipeline kinds \(10 runs each, published at once\)\s+runs\/s\s+CPU ms\/run\s+writes\/run\s+finished$/);
    expect(lines[1]).toMatch(/^ci_cd_setup\s+2\.5\s+123\.4\s+41\.3\s+10\/10$/);
    expect(lines[2]).toMatch(/^infrastructure\s+2\.0\s+100\.0\s+41\.3\s+8\/10$/);
    expect(lines[1]?.indexOf('123.4')).toBe(lines[2]?.indexOf('100.0'));
    expect(lines).toHaveLength(3);
  });

  it('never passes failures, timeouts or a kind that could not run off as success', () => {
    const lines = kindTable(
      [
        kind('ci_cd_setup', { failed: 3, failures: ['prove: npm test exited 1'] }),
        kind('monitoring_setup', { finished: 4, failed: 4, failures: ['step apply failed: no monitoring stack is configured'], timedOut: true }),
        kind('infrastructure', { finished: 0, notMeasured: 'the request is invalid: stack: required' }),
      ],
      10,
    ).split('\n');
    expect(lines[1]).toMatch(/10\/10 \(3 failed\)$/);
    expect(lines[2]).toMatch(/4\/10 \(4 failed\) TIMED OUT$/);
    expect(lines[3]).toMatch(/^infrastructure\s+not measured: the request is invalid: stack: required$/);
    expect(lines.slice(4)).toEqual([
      'note: ci_cd_setup: 3 of 10 runs failed: prove: npm test exited 1',
      'note: monitoring_setup: 4 of 10 runs failed (all: its numbers cover the steps up to the failing one, not the whole pipeline): step apply failed: no monitoring stack is configured',
      'note: monitoring_setup: only 4 of 10 runs finished before the timeout; the numbers cover those',
    ]);
  });
});
