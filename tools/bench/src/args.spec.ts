import { parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('has defaults that finish the whole bench in minutes', () => {
    expect(parseBenchArgs([])).toMatchObject({ runs: 100, scale: [1, 100, 10_000], warmup: 20, workers: 6, only: ['mesh', 'raw', 'bullmq', 'scale'], traceExport: true, runtime: 'js' });
  });

  it('reads runs, scale and the chains to run', () => {
    expect(parseBenchArgs(['--runs', '50', '--scale', '1,1000', '--only', 'raw,bullmq', '--no-trace-export'])).toMatchObject({
      runs: 50,
      scale: [1, 1000],
      only: ['raw', 'bullmq'],
      traceExport: false,
    });
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
