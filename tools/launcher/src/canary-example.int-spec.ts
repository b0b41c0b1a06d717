import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** `npm start -- --once --example canary`, as the README promises it. */
describe('the launcher canary example (npm start -- --once --example canary)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-canary-example-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('deploys a second release by canary under steady requests, printing weights and analyses, and no request fails', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, JETWAY_STATE_DIR: stateDir, NO_COLOR: '1' };
    delete env['JETWAY_NATS_URL'];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/launcher/src/main.ts', '--once', '--example', 'canary'], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));

    expect({ code, output }).toMatchObject({ code: 0 });
    // The weights as they happen, each step's analysis with its measurements, then promotion.
    const progress = output.split('\n').filter((line) => line.startsWith('  ↳ deploy-staging canary'));
    expect(progress.map((line) => /weight (\d+) % · (\w+)/.exec(line)?.slice(1).join(' '))).toEqual([
      '0 started',
      '0 started',
      '20 weight',
      '20 analysis',
      '50 weight',
      '50 analysis',
      '100 weight',
      '100 promoted',
      '100 completed',
    ]);
    expect(output).toMatch(/canary rollout of release [0-9a-f]{12}-[0-9a-f]{8} began \(replacing [0-9a-f]{12}-[0-9a-f]{8}: same artifact, another run spec\)/);
    const analyses = output.match(/^ {6}analysis pass over (\d+) requests \(router\): error_rate 0 % ≤ 1 % ✓ · latency_p99_ms [\d.]+ ms ≤ 300 ms ✓/gm) ?? [];
    expect(analyses).toHaveLength(2);
    // What the clients saw: every request answered 2xx, by the first release and then the second.
    const traffic = /traffic {5}during the canary: ([\d,]+) requests, (\d+) failed; answered by 1\.0\.0 ([\d,]+), v2 ([\d,]+)$/m.exec(output);
    expect(traffic?.[2]).toBe('0');
    expect(Number(traffic?.[1]?.replace(/,/g, ''))).toBeGreaterThan(500);
    expect(output).toMatch(/staging {5}GET http:\/\/127\.0\.0\.1:\d+\/hello-service\/staging → 200 \{"service":"hello-service","version":"v2"/);
  });
});
