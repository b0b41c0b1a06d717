import { ulid } from 'ulid';
import { EffectLedger, EventPublisher, Mesh, stepEffectKey, storedEvents } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { startNats, type NatsFixture } from '@jetway/testing';
import { WorkerStepRecords } from './nats-ports.driver';

describe('WorkerStepRecords on a real nats-server: what a worker recorded of a step whose finished the planner never got', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let records: WorkerStepRecords;
  const warnings: string[] = [];
  const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'worker-step-records-spec' });
    const logger = new JsonLogger('planner', {}, 'info', (line) => warnings.push(line));
    records = new WorkerStepRecords(new EffectLedger(mesh.kv('idempotency'), 'spec'), storedEvents(mesh.jsm), logger);
  });
  afterAll(async () => {
    await mesh.drain();
    await nats.stop();
  });

  it('reads repeatable work\'s finished event back from JETWAY_EVENTS (nothing of it is in the ledger)', async () => {
    const runId = ulid();
    const ref = { run_id: runId, step_id: 'verify-staging', attempt: 1 };
    await new EventPublisher(mesh.js, 'deployer').publish('jetway.step.verify.finished.v1', { ...ref, outcome: 'succeeded', duration_ms: 4, worker: 'host:1', outputs: { checks_passed: 3 } }, { runId, stepId: ref.step_id, attempt: 1 });
    expect(await records.recorded('verify', ref, hourAgo())).toMatchObject({ ...ref, outcome: 'succeeded', outputs: { checks_passed: 3 } });
    expect(warnings.at(-1)).toContain('applying its event found in JETWAY_EVENTS');
    expect(await records.recorded('verify', { ...ref, attempt: 2 }, hourAgo())).toBeUndefined();
  });

  it('takes an outside effect\'s result from the effect ledger, where its worker wrote it before publishing', async () => {
    const runId = ulid();
    const ref = { run_id: runId, step_id: 'deploy-staging', attempt: 1 };
    const release = { digest: `sha256:${'d'.repeat(64)}`, url: 'http://127.0.0.1:1/', targets: ['127.0.0.1:2'] };
    await new EffectLedger(mesh.kv('idempotency'), 'deployer').once(stepEffectKey('deploy', ref), async () => ({ outcome: 'succeeded', duration_ms: 9, outputs: { release } }));
    const found = await records.recorded('deploy', ref, hourAgo());
    expect(found).toMatchObject({ ...ref, outcome: 'succeeded' });
    expect(warnings.at(-1)).toContain('applying the result its worker recorded');
  });

  it('refuses a stored event that breaks the finished contract, saying so, rather than apply it', async () => {
    const runId = ulid();
    const ref = { run_id: runId, step_id: 'verify-staging', attempt: 1 };
    await new EffectLedger(mesh.kv('idempotency'), 'old-deployer').once(stepEffectKey('verify', ref), async () => ({ outcome: 'maybe', duration_ms: 1 }));
    expect(await records.recorded('verify', ref, hourAgo())).toBeUndefined();
    expect(warnings.at(-1)).toContain('is not a valid jetway.step.verify.finished.v1');
  });
});
