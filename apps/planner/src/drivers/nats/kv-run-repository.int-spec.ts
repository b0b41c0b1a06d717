import { Mesh } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { RunState } from '../../domain/run-state';
import type { RunRepository } from '../../use-cases/ports';
import { DIGEST, harness, release, RUN_ID } from '../../testing/coordinator-harness';
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

  it('stores every write of a whole deployment as a whole parse of the run would, byte for byte (its parts parsed once)', async () => {
    const id = '01J0000000000000000000000B';
    const written: RunState[] = [];
    const recording: RunRepository = {
      get: (runId) => repository.get(runId),
      create: (run) => (written.push(run), repository.create(run)),
      update: (run, revision) => (written.push(run), repository.update(run, revision)),
    };
    const h = harness({ repository: recording, newRunId: () => id });
    h.facts.scan = 'pass';
    h.facts.verified = true;
    const kv = await mesh.js.views.kv('jetway-runs');
    const storedBytes = async () => (await kv.get(id))?.string();
    await h.coordinator.requested(sampleRequest({ idempotency_key: 'kv-bytes-0001', target_environments: ['staging', 'production'] }), undefined);
    expect(await storedBytes()).toBe(JSON.stringify(RunState.parse(written.at(-1))));
    const outputs = (kind: string, env?: string) => (kind === 'build' ? { digest: DIGEST } : kind === 'deploy' && env ? { release: release(env) } : undefined);
    for (let round = 0; round < 20; round += 1) {
      const run = (await repository.get(id))?.run;
      const open = run?.steps.filter((step) => step.status === 'triggered' && step.kind !== 'approval') ?? [];
      if (open.length === 0) break;
      for (const step of open) {
        await h.finish(step.step_id, outputs(step.kind, step.environment), 'succeeded', id);
        expect(await storedBytes()).toBe(JSON.stringify(RunState.parse(written.at(-1))));
      }
    }
    // Staging done, production waiting for its approval: the request, then each of the five steps' finished, written.
    expect(written).toHaveLength(6);
    const steps = (await repository.get(id))?.run.steps.map((step) => `${step.step_id} ${step.status}`);
    expect(steps).toEqual(expect.arrayContaining(['monitor-staging finished', 'approve-production waiting_approval', 'deploy-production pending']));
  });
});
