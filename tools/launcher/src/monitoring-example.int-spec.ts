import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MeshOwner } from './mesh-lock';

const ROOT = resolve(__dirname, '../../..');

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
}

async function setupTargets(prometheus: string, setup: string): Promise<Target[]> {
  const body = (await (await fetch(`${prometheus}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Target[] } };
  return body.data.activeTargets.filter((target) => target.labels['setup'] === setup);
}

/** `npm start -- --example monitoring` (what `--once` runs, then the mesh stays up); needs the Debian stack packages (.ci/run installs them). */
describe('the launcher monitoring example (npm start -- --once --example monitoring)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-monitoring-example-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('deploys hello-service, sets up its monitoring and Jetway’s on the stack, prints the counts and URLs, and Prometheus has every target up', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, JETWAY_STATE_DIR: stateDir, NO_COLOR: '1' };
    delete env['JETWAY_NATS_URL'];
    // Without --once the mesh stays up after the example, so the test can look at the stack it runs;
    // Ctrl-C (SIGINT) then stops everything and the launcher exits with the run's outcome.
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/launcher/src/main.ts', '--example', 'monitoring'], { cwd: ROOT, env });
    let output = '';
    let meshIsUp: () => void = () => undefined;
    const meshUp = new Promise<void>((done) => (meshIsUp = done));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^The mesh is up /m.test(output)) meshIsUp();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    await Promise.race([meshUp, exited]);
    let seen: { targets: Target[]; runbooks: number; lock: MeshOwner } | undefined;
    const prometheus = /^Prometheus {2}(http:\/\/127\.0\.0\.1:\d+)\/targets /m.exec(output)?.[1];
    try {
      expect({ prometheus, output }).toMatchObject({ prometheus: expect.stringMatching(/^http:/) });
      seen = {
        targets: await setupTargets(prometheus ?? '', 'hello-monitoring'),
        runbooks: (await fetch(/^runbooks {4}(\S+)$/m.exec(output)?.[1] ?? '')).status,
        lock: JSON.parse(readFileSync(join(stateDir, 'mesh.lock'), 'utf8')) as MeshOwner,
      };
    } finally {
      child.kill('SIGINT');
    }
    const code = await exited;

    expect({ code, output }).toMatchObject({ code: 0 });
    // The stack and the stand-ins, as started.
    expect(output).toMatch(/^stack {7}Prometheus http:\/\/127\.0\.0\.1:\d+ {2}Alertmanager http:\/\/127\.0\.0\.1:\d+ {2}blackbox http:\/\/127\.0\.0\.1:\d+ {2}runbooks http/m);
    expect(output).toMatch(/^channels {4}local stand-ins, not the real services: Slack webhook http:\/\/127\.0\.0\.1:\d+\/services\/\S+, PagerDuty Events API http:\/\/127\.0\.0\.1:\d+\/v2\/enqueue/m);
    // Their pids in the mesh lock, for a later launcher's takeover.
    expect(seen.lock.children.map((c) => c.name)).toEqual(expect.arrayContaining(['prometheus', 'alertmanager', 'blackbox-exporter']));
    expect(seen.lock.children.every((c) => Number.isInteger(c.pid))).toBe(true);
    // The deploy example first, then the setup, to its end.
    expect(output).toMatch(/hello-service\s+succeeded after/);
    expect(output).toMatch(/hello-monitoring\s+succeeded after/);
    // The counts: 2 instances + 1 probe of hello-service, the 6 services of Jetway.
    const counts = /^ {12}targets up (\d+)\/(\d+) · rules loaded (\d+) in (\d+) groups · rule tests passed (\d+)\/(\d+) · routing cases (\d+)\/(\d+)$/m.exec(output);
    const [up, total, rules, groups, testsPassed, tests, casesPassed, cases] = (counts?.slice(1) ?? []).map(Number);
    expect({ up, total }).toEqual({ up: 9, total: 9 });
    expect(rules).toBeGreaterThan(0);
    expect(groups).toBeGreaterThan(0);
    expect(testsPassed).toBe(tests);
    expect(tests).toBeGreaterThan(0);
    expect(casesPassed).toBe(cases);
    expect(cases).toBeGreaterThan(0);
    expect(output).toMatch(/^Alertmanager http:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toContain(`dashboards  ${join(stateDir, 'stack', 'setups', 'hello-monitoring', 'grafana', 'dashboards')}`);
    expect(output).toMatch(/Grafana is not run locally: `docker compose up` serves them at http:\/\/localhost:3000/);
    // What the printed Prometheus really scrapes for the setup: every target up, both items.
    expect(seen.targets.filter((t) => t.health !== 'up')).toEqual([]);
    expect(seen.targets).toHaveLength(9);
    expect(new Set(seen.targets.map((t) => t.labels['service']))).toEqual(new Set(['hello', 'jetway']));
    expect(seen.runbooks).toBe(200);
    // Ctrl-C stopped the stack with the mesh.
    await expect(fetch(`${prometheus}/-/ready`)).rejects.toThrow();
  });
});
