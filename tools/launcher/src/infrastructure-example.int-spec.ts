import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** `npm start -- --once --example infrastructure`: messaging infrastructure applied, for real, to the nats-server npm start runs. */
describe('the launcher infrastructure example (npm start -- --once --example infrastructure)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-infra-example-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('plans the declared streams, consumer and bucket, approves the plan by policy (it destroys nothing), applies and probes them', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, JETWAY_STATE_DIR: stateDir, NO_COLOR: '1' };
    delete env['JETWAY_NATS_URL'];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/launcher/src/main.ts', '--once', '--example', 'infrastructure'], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));

    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/hello-messaging\s+succeeded after/);
    expect(output).toMatch(/approved by policy:auto \(approval\.auto_approve\): plan [0-9a-f]{12} for staging: 4 to add, 0 to change, 0 to destroy/);
    expect(output).toMatch(/\+ jetstream\.stream\.hello_orders\s+create/);
    expect(output).toMatch(/\+ jetstream\.kv\.hello_sessions\s+create/);
    expect(output).toMatch(/checked: the applied configuration, 2 JetStream probe\(s\)/);
  });
});
