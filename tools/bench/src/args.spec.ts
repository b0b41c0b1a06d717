import { parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('has defaults that finish the whole bench in minutes', () => {
    expect(parseBenchArgs([])).toMatchObject({ runs: 100, scale: [1, 100, 10_000], warmup: 20, workers: 6, only: ['mesh', 'raw', 'floor', 'bullmq', 'kinds', 'scale'], kindRuns: 10, solo: 20, traceExport: true, runtime: 'js' });
  });

  it('reads runs, scale and the chains to run', () => {
    expect(parseBenchArgs(['--runs', '50', '--scale', '1,1000', '--only', 'raw,bullmq', '--no-trace-export'])).toMatchObject({
      runs: 50,
      scale: [1, 1000],
      only: ['raw', 'bullmq'],
      traceExport: false,
    });
  });

  it('reads the runs of each other pipeline kind, and --solo 0 (no one-at-a-time runs)', () => {
    expect(parseBenchArgs(['--only', 'mesh,kinds', '--kind-runs', '3', '--solo', '0'])).toMatchObject({ only: ['mesh', 'kinds'], kindRuns: 3, solo: 0 });
    expect(() => parseBenchArgs(['--kind-runs', '0'])).toThrow("--kind-runs: expected a positive integer, got '0'");
    expect(() => parseBenchArgs(['--solo=-1'])).toThrow("--solo: expected 0 or a positive integer, got '-1'");
  });

  it('names the option and what it expects', () => {
    expect(() => parseBenchArgs(['--runs', 'many'])).toThrow("--runs: expected a positive integer, got 'many'");
    expect(() => parseBenchArgs(['--scale', '1,0'])).toThrow('--scale: expected a positive integer');
    expect(() => parseBenchArgs(['--only', 'mesh,kafka'])).toThrow('--only: unknown chain kafka');
    expect(() => parseBenchArgs(['--runtime', 'swc', '--experiment', 'no-async-traces'])).toThrow('--experiment patches the precompiled services: drop --runtime swc');
    expect(parseBenchArgs(['--experiment', 'a, b']).experiments).toEqual(['a', 'b']);
    expect(() => parseBenchArgs(['--runtime', 'bun'])).toThrow("--runtime: expected swc (TypeScript through @swc-node/register) or js (precompiled), got 'bun'");
  });
});
