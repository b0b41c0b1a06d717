import { packageOf, summarizeProfile, type CpuProfile } from './cpu-profile';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('summarizeProfile', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)', '') },
      { id: 2, callFrame: frame('parse', 'file:///w/node_modules/zod/v4/core/parse.js', 9) },
      { id: 3, callFrame: frame('publish', 'file:///w/libs/messaging/src/publisher.ts', 40) },
      { id: 4, callFrame: frame('(garbage collector)', '') },
    ],
    samples: [1, 2, 2, 3, 4, 1],
    timeDeltas: [5000, 1000, 1000, 2000, 1000, 5000],
    startTime: 1_000_000,
  };

  it('adds sampled self time per function and per package, leaving idle time out', () => {
    const summary = summarizeProfile(profile);
    expect(summary.totalMs).toBe(15);
    expect(summary.busyMs).toBe(5);
    expect(summary.functions.map((f) => [f.name, f.selfMs])).toEqual([
      ['parse node_modules/zod/v4/core/parse.js:10', 2],
      ['publish libs/messaging/src/publisher.ts:41', 2],
      ['(garbage collector) :1', 1],
    ]);
    expect(summary.packages.map((p) => [p.name, p.share])).toEqual([
      ['zod', 0.4],
      ['libs/messaging', 0.4],
      ['(garbage collector)', 0.2],
    ]);
  });
});

describe('summarizeProfile in a window', () => {
  it('counts only the samples taken inside it', () => {
    const profile: CpuProfile = {
      nodes: [{ id: 1, callFrame: frame('a', 'file:///w/apps/planner/src/x.ts') }, { id: 2, callFrame: frame('b', 'file:///w/apps/planner/src/y.ts') }],
      samples: [1, 2, 1],
      timeDeltas: [1000, 1000, 1000],
      startTime: 0,
    };
    const summary = summarizeProfile(profile, 10, { fromUs: 1500, toUs: 2500 });
    expect(summary.functions.map((f) => f.name)).toEqual(['b apps/planner/src/y.ts:1']);
    expect(summary.totalMs).toBe(1);
  });
});

describe('packageOf', () => {
  it('names scoped packages, project folders and the runtime', () => {
    expect(packageOf('file:///w/node_modules/@nestjs/core/router.js', 'x')).toBe('@nestjs/core');
    expect(packageOf('file:///w/node_modules/a/node_modules/b/i.js', 'x')).toBe('a');
    expect(packageOf('file:///w/apps/planner/src/domain/plan.ts', 'x')).toBe('apps/planner');
    expect(packageOf('file:///w/contracts/src/registry.ts', 'x')).toBe('contracts');
    expect(packageOf('node:internal/streams/readable', 'x')).toBe('node: (runtime)');
    expect(packageOf('', 'Foo')).toBe('(native)');
  });
});
