import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUCKETS } from '@jetway/contracts';
import { ApproverRegistry } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { connect } from 'nats';
import { enrolExampleApprovers, exampleApprovers } from './enrol-approvers';

describe('the embedded default enrols the examples’ approvers (real nats-server)', () => {
  let nats: NatsFixture;
  let stateDir: string;
  beforeAll(async () => {
    nats = await startNats();
    stateDir = mkdtempSync(join(tmpdir(), 'jetway-enrol-'));
  });
  afterAll(async () => {
    await nats?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('finds the approvers the example requests name', () => {
    expect(exampleApprovers(resolve(__dirname, '../../../examples/pipelines'))).toEqual(['alice']);
  });

  it('writes a mode-600 seed per approver and enrols its key, keeping both on the next start', async () => {
    const nc = await connect({ servers: nats.url });
    const kv = await nc.jetstream().views.kv(BUCKETS.approvers.name);
    const registry = new ApproverRegistry(kv);
    try {
      await enrolExampleApprovers(nats.url, stateDir, ['alice', 'bob']);
      const seed = join(stateDir, 'approvers', 'alice.nk');
      expect(statSync(seed).mode & 0o777).toBe(0o600);
      const first = await registry.get('alice');
      expect(first?.public_key).toMatch(/^U[A-Z2-7]{55}$/);
      await enrolExampleApprovers(nats.url, stateDir, ['alice']);
      expect(await registry.get('alice')).toEqual(first);
      expect((await registry.list()).map((a) => a.name)).toEqual(['alice', 'bob']);
    } finally {
      await nc.close();
    }
  });
});
