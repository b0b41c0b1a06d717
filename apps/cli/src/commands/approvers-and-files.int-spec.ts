import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { ArtifactObjects, MeshEnv, startService, type ServiceHandle } from '@jetway/messaging';
import { JetwayClient } from '../client/jetway-client';
import { runCli, type CliIo } from '../run-cli';
import { startSecuredNats } from '@jetway/testing';

@Module({})
class NothingModule {}

/** Enrolment and the files `logs`/`report` read, against the deployed cli permissions (deploy/nats/users/cli.conf). */
describe('jetway approvers, logs and reports on a real nats-server, per NATS user', () => {
  let nats: Awaited<ReturnType<typeof startSecuredNats>>;
  let mesh: ServiceHandle;
  let home: string;

  beforeAll(async () => {
    nats = await startSecuredNats(['cli']);
    const env = { JETWAY_NATS_URL: nats.url, JETWAY_NATS_USER: 'ops', JETWAY_NATS_PASSWORD: 'ops-pw', JETWAY_LOG_LEVEL: 'error' };
    // Any service provisions the streams, buckets and object store (as the mesh does at boot).
    mesh = await startService({ service: 'provisioner', env: MeshEnv.parse(env), feature: NothingModule });
    home = mkdtempSync(join(tmpdir(), 'jetway-home-'));
  });
  afterAll(async () => {
    await mesh?.stop();
    await nats?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const cli = async (args: string[], user: 'cli' | 'ops') => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { JETWAY_NATS_USER: user, JETWAY_NATS_PASSWORD: `${user}-pw`, USER: 'operator-1' };
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: home, stateDirs: [], home, color: false };
    const code = await runCli([...args, '--nats', nats.url], io);
    return { code, out: out.join(''), err: err.join('') };
  };

  it('enrols an approver only as ops, writes the seed mode 600, and lets the cli user read enrolments', async () => {
    const refused = await cli(['approvers', 'enrol', 'alice'], 'cli');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('needs a NATS user allowed to write KV jetway-approvers (the ops user');
    const seed = join(home, '.config', 'jetway', 'approvers', 'alice.nk');
    expect(() => statSync(seed)).toThrow(); // no orphan seed for a refused enrolment

    const enrolled = await cli(['approvers', 'enrol', 'alice'], 'ops');
    expect(enrolled.code).toBe(0);
    expect(enrolled.out).toMatch(/^enrolled alice with U[A-Z2-7]{55}; seed written to .*alice\.nk/);
    expect(statSync(seed).mode & 0o777).toBe(0o600);

    const listed = await cli(['approvers', 'list'], 'cli');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^alice\tU[A-Z2-7]{55}\tenrolled by operator-1 at /);
    const again = await cli(['approvers', 'enrol', 'alice'], 'ops');
    expect(again).toMatchObject({ code: 2, err: expect.stringContaining('refusing to overwrite a seed') });
  });

  it('revokes as ops, and says so when there is nothing to revoke', async () => {
    await cli(['approvers', 'enrol', 'bob', '--out', join(home, 'bob.nk')], 'ops');
    expect(await cli(['approvers', 'revoke', 'bob'], 'ops')).toMatchObject({ code: 0, out: expect.stringContaining('revoked bob') });
    expect(await cli(['approvers', 'revoke', 'bob'], 'ops')).toMatchObject({ code: 1, err: expect.stringContaining('bob is not enrolled') });
    expect((await cli(['approvers', 'list'], 'cli')).out).not.toContain('bob');
  });

  it('reads a stored step log with the cli user, chunk by chunk, and answers undefined for a missing one', async () => {
    const objects = ArtifactObjects.of(mesh.mesh);
    const log = Buffer.from(`${'line of output\n'.repeat(20_000)}the end\n`);
    await objects.putBytes('step-log-01J0000000000000000000000A-build-1', log);
    const client = await JetwayClient.connect(nats.url, { user: 'cli', pass: 'cli-pw' });
    try {
      expect((await client.stepObject('step-log-01J0000000000000000000000A-build-1'))?.equals(log)).toBe(true);
      expect(await client.stepObject('step-log-nothing-here')).toBeUndefined();
    } finally {
      await client.close();
    }
  });
});
