import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** `npm start -- --once`, as the README promises it: its own nats-server, six processes, one run. */
describe('the launcher (npm start -- --once)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-launcher-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('runs the sample pipeline through all six services and exits 0 after the service answered', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, JETWAY_STATE_DIR: stateDir, NO_COLOR: '1' };
    delete env['JETWAY_NATS_URL'];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/launcher/src/main.ts', '--once'], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));

    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/hello-service\s+succeeded after/);
    expect(output).toMatch(/production\s+GET http:\/\/127\.0\.0\.1:\d+\/hello-service\/production → 200 \{"service":"hello-service"/);
    expect(output).toMatch(/approvers\s+alice enrolled with local seeds in \.jetway\/approvers/);
    expect(statSync(join(stateDir, 'approvers', 'alice.nk')).mode & 0o777).toBe(0o600);
    expect(output).toMatch(/Trace: [0-9a-f]{32}/);
    expect(output).not.toMatch(/Trace: 0{32}/);
    expect(readdirSync(join(stateDir, 'logs')).sort()).toEqual(
      ['builder', 'deployer', 'monitor-configurator', 'nats-server', 'notifier', 'planner', 'scanner'].map((n) => `${n}.log`),
    );
    // The monitor steps applied each environment's setup to the stack npm start runs (Debian's packages are installed here).
    expect(output).toMatch(/^stack {7}Prometheus http:\/\/127\.0\.0\.1:\d+ {2}Alertmanager/m);
    for (const environment of ['staging', 'production']) {
      expect(existsSync(join(stateDir, 'stack', 'setups', `hello-service-${environment}`, 'prometheus', 'prometheus.yml'))).toBe(true);
    }
    expect(existsSync(join(stateDir, 'mesh.lock'))).toBe(false); // --once released the state directory
    // The router process and the app's instances outlive a deployer restart, not a stop of the mesh.
    expect(readFileSync(join(stateDir, 'deployer', 'router', 'router.log'), 'utf8')).toMatch(/"msg":"SIGTERM: stopping/);
    expect(existsSync(join(stateDir, 'deployer', 'router', 'router.json'))).toBe(false);
    expect(readdirSync(join(stateDir, 'deployer', 'instances')).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});
