import { Mesh } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import type { RunState } from '../../domain/run-state';
import { DIGEST, harness, RUN_ID } from '../../testing/coordinator-harness';
import { sampleRequest } from '../../testing/sample-request';
import { KvRunRepository } from './nats-ports.driver';

const noted = (note: string) => (run: RunState) => ({ ...run, notes: [...run.notes, note] });

describe('KvRunRepository on a real nats-server: two planner replicas over one run', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let repository: KvRunRepository;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'run-repository-spec' });
    repository = new KvRunRepository(mesh);
  });
  afterAll(async () => {
    await mesh.drain();
    await nats.stop();
  });

  it('answers each write with the revision the bucket gave it, and refuses a stale one', async () => {
    const a = harness({ repository, newRunId: () => '01J0000000000000000000000R' });
    await a.coordinator.requested(sampleRequest({ idempotency_key: 'kv-revisions-0001' }), undefined);
    const stored = await repository.get('01J0000000000000000000000R');
    if (!stored) throw new Error('the run was not created');
    const next = await repository.update(noted('one')(stored.run), stored.revision);
    expect(next).toBeGreaterThan(stored.revision);
    expect((await repository.get(stored.run.run_id))?.revision).toBe(next);
    expect(await repository.update(noted('two')(stored.run), stored.revision)).toBe(false);
  });

  it('applies an event from the run one replica wrote last onto what the other wrote since, once each', async () => {
    const a = harness({ repository });
    const b = harness({ repository });
    await a.coordinator.requested(sampleRequest(), undefined);
    // b reads the stored run; a still remembers the one it created.
    await b.finish('build', { digest: DIGEST });
    await a.coordinator.apply(RUN_ID, 'note-1', noted('by a'));
    // a's redelivered build result is not applied again from its remembered run.
    await a.finish('build', { digest: DIGEST });

    const run = (await repository.get(RUN_ID))?.run;
    expect(run?.applied).toEqual(['build.finished', 'note-1']);
    expect(run?.notes).toContain('by a');
    expect(run?.steps.filter((s) => s.status === 'triggered').map((s) => s.step_id)).toEqual(['scan']);
  });
});
