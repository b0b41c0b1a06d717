import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { configureMonitoring } from './configure-monitoring.use-case';
import { FsConfigDir } from '../drivers/file/fs-config-dir.driver';

// The generated bundle must be accepted by Prometheus's own checker, not just look right.
const PROMTOOL = '/usr/bin/promtool';
const run = promisify(execFile);

async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  if (!existsSync(PROMTOOL)) throw new Error('promtool not found: apt-get install prometheus');
  try {
    const { stdout, stderr } = await run(PROMTOOL, args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('configureMonitoring against promtool (int)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jetway-monitoring-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes a prometheus.yml and rules files that promtool accepts', async () => {
    const dir = new FsConfigDir(root);
    await configureMonitoring(
      { application: 'hello', environment: 'staging', targets: ['127.0.0.1:4001', '127.0.0.1:4002'], slo: { availability: 0.995, latency_p99_ms: 300 } },
      dir,
    );
    const { files } = await configureMonitoring(
      { application: 'my-api', environment: 'production', targets: ['127.0.0.1:5001'], slo: { availability: 0.9995, latency_p99_ms: 120 } },
      dir,
    );

    const config = await promtool('check', 'config', join(root, 'prometheus.yml'));
    expect(config).toMatchObject({ code: 0 });
    expect(config.output).toContain('2 rule files found');
    for (const file of files.filter((f) => f.endsWith('.yml') && f.includes('/rules/'))) {
      const rules = await promtool('check', 'rules', file);
      expect(rules).toMatchObject({ code: 0 });
      expect(rules.output).toMatch(/SUCCESS: 13 rules found/);
    }
    const hello = await promtool('check', 'rules', join(root, 'rules', 'hello-staging.yml'));
    expect(hello.code).toBe(0);
  });
});
