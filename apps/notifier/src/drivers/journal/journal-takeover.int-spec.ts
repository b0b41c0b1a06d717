import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EffectLedger, Mesh, type BatchEffect } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { journaled } from '../../use-cases/journaled-guard';
import { FileSendJournal } from './file-send-journal';

/**
 * What a chaos run showed (seed 97347): the broker goes down just after a Slack post, the
 * notifier is killed before it is back, and whoever takes the claim over posts again — the
 * ledger's record of the post never landed. With a send journal on the same disk it does not.
 */
describe('a notice taken over after its holder died unrecorded, on a real nats-server', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let dir: string;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'journal-takeover-spec' });
    dir = await mkdtemp(join(tmpdir(), 'journal-takeover-'));
  });
  afterAll(async () => {
    await mesh?.drain();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const sends = (calls: string[]): BatchEffect<boolean>[] => ['slack', 'pagerduty'].map((id) => ({ id, effect: async () => (calls.push(id), true) }));
  /** The claim the dead holder left: taken, nothing recorded as done (its record of the Slack post never reached the broker). */
  const orphan = (key: string) => mesh.kv('idempotency').put(key, new TextEncoder().encode(JSON.stringify({ state: 'claimed', owner: 'dead', at: Date.now(), done: {} })));
  const takeOver = (run: () => Promise<unknown>) => waitFor(() => run().catch(() => undefined), { intervalMs: 100, message: 'takeover after the lease' });

  it('sends only what the dead holder had not sent when its journal is on the same disk', async () => {
    const dead = await FileSendJournal.open(dir, () => undefined);
    await dead.record('notify.journaled', 'slack', true);
    await orphan('notify.journaled');

    const calls: string[] = [];
    const restarted = await FileSendJournal.open(dir, () => undefined);
    const guard = journaled(new EffectLedger(mesh.kv('idempotency'), 'restarted', 300), restarted);
    await takeOver(() => guard.onceEach('notify.journaled', sends(calls)));
    expect(calls).toEqual(['pagerduty']);
    const claim = (await mesh.kv('idempotency').get('notify.journaled'))?.json<{ state: string; done: Record<string, unknown> }>();
    expect(claim).toMatchObject({ state: 'done', done: { slack: true, pagerduty: true } });
    await Promise.all([dead.close(), restarted.close()]);
  });

  it('sends the Slack post again without a journal (the window the journal closes)', async () => {
    await orphan('notify.unjournaled');
    const calls: string[] = [];
    const guard = journaled(new EffectLedger(mesh.kv('idempotency'), 'restarted', 300), undefined);
    await takeOver(() => guard.onceEach('notify.unjournaled', sends(calls)));
    expect(calls.sort()).toEqual(['pagerduty', 'slack']);
  });
});
