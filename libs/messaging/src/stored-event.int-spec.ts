import { ulid } from 'ulid';
import { startNats, type NatsFixture } from '@jetway/testing';
import { Mesh } from './mesh';
import { EventPublisher, idOfEvent } from './publisher';
import { findStoredEvent } from './stored-event';

const subject = 'jetway.step.verify.finished.v1';

describe('findStoredEvent on a real nats-server', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let publisher: EventPublisher;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'stored-event-spec' });
    publisher = new EventPublisher(mesh.js, 'spec');
  });
  afterAll(async () => {
    await mesh.drain();
    await nats.stop();
  });

  const finish = (runId: string, attempt = 1, checks = 1) =>
    publisher.publish(subject, { run_id: runId, step_id: 'verify', attempt, outcome: 'succeeded', duration_ms: 3, outputs: { checks_passed: checks } }, { runId, stepId: 'verify', attempt });

  it('finds one step attempt\'s finished among many others on its subject and on other subjects', async () => {
    const runs = Array.from({ length: 150 }, () => ulid());
    for (const [i, runId] of runs.entries()) {
      await finish(runId, 1, i);
      if (i % 3 === 0) await publisher.publish('jetway.step.build.started.v1', { run_id: runId, step_id: 'build', attempt: 1, worker: 'spec:1' }, { runId, stepId: 'build', attempt: 1 });
    }
    const wanted = runs[97] as string;
    const found = await findStoredEvent(mesh.jsm, subject, idOfEvent(subject, { runId: wanted, stepId: 'verify', attempt: 1 }), new Date(Date.now() - 10_000));
    expect(found?.subject).toBe(subject);
    expect(found?.json()).toMatchObject({ run_id: wanted, step_id: 'verify', attempt: 1, outputs: { checks_passed: 97 } });
  });

  it('says nothing is there for an attempt never finished, and for a run id of another attempt', async () => {
    const runId = ulid();
    await finish(runId, 1);
    expect(await findStoredEvent(mesh.jsm, subject, idOfEvent(subject, { runId, stepId: 'verify', attempt: 2 }), new Date(Date.now() - 10_000))).toBeUndefined();
    expect(await findStoredEvent(mesh.jsm, subject, idOfEvent(subject, { runId: ulid(), stepId: 'verify', attempt: 1 }), new Date(Date.now() - 10_000))).toBeUndefined();
  });

  it('starts its search at the time given: an event stored long before it is not read', async () => {
    const runId = ulid();
    await finish(runId);
    const id = idOfEvent(subject, { runId, stepId: 'verify', attempt: 1 });
    expect(await findStoredEvent(mesh.jsm, subject, id, new Date(Date.now() - 1_000))).toBeDefined();
    // An hour on: the binary search starts past every stored message, so nothing is walked or found.
    expect(await findStoredEvent(mesh.jsm, subject, id, new Date(Date.now() + 3_600_000))).toBeUndefined();
  });
});
