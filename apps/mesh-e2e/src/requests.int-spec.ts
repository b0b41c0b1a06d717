import { headers as natsHeaders } from 'nats';
import { envelopeHeaders, queries, requestEventId, RunLookupReply, type RunStatusView } from '@jetway/contracts';
import { CliError } from '@jetway/cli';
import { requestReply } from '@jetway/messaging';
import { waitFor } from '@jetway/testing';
import { helloRequest } from './requests';
import { startMesh, type Mesh } from './mesh.fixture';

/** What the planner does with requests before anything runs: strictness, refusals, one run per key. */
describe('pipeline requests at the planner (real nats-server)', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner'] });
  });
  afterAll(async () => {
    await mesh?.stop();
  });

  /** Publishes a request body as a newer publisher would: fields this contract does not know included. */
  const publishRaw = async (body: Record<string, unknown>) => {
    const key = String(body['idempotency_key']);
    const h = natsHeaders();
    const id = requestEventId(key);
    for (const [name, value] of envelopeHeaders('jetway.pipeline.requested.v1', { id, source: 'newer-publisher', time: new Date().toISOString(), subject: id })) h.set(name, value);
    await mesh.services.planner!.mesh.js.publish('jetway.pipeline.requested.v1', JSON.stringify(body), { headers: h, msgID: id });
    return waitFor(async () => {
      const reply = await requestReply(mesh.services.planner!.mesh.nc, queries.runLookup, { idempotency_key: key }, RunLookupReply);
      return reply.run_id ? mesh.client.status(reply.run_id) : undefined;
    }, { timeoutMs: 10_000, message: `a run for ${key}` });
  };

  it('notes the fields it ignored from a newer publisher instead of dropping them silently', async () => {
    const request = helloRequest();
    const run: RunStatusView = await publishRaw({ ...request, rollout_window: '02:00-04:00', platform_config: { ...request.platform_config, replicsa: 3 } });
    expect(run.notes).toEqual([
      "ignored fields this planner does not know (a newer publisher's, or typos): platform_config.replicsa, rollout_window",
    ]);
    expect(run.status).toBe('running');
  });

  it('rejects what no driver runs yet before anything runs, in plain words', async () => {
    const request = helloRequest({ platform_config: { type: 'lambda', run: { command: 'node server.js' } } });
    const run = await publishRaw({ ...request });
    const finished = await waitFor(async () => {
      const view = await mesh.client.status(run.run_id);
      return view.status !== 'running' && view;
    }, { timeoutMs: 10_000, message: 'the run to be rejected' });
    expect(finished.status).toBe('rejected');
    expect(finished.reason).toBe('not available yet: platform_config.type: lambda is not available yet; local (processes on this machine) is the only platform with a driver');
    expect(finished.steps.every((step) => step.status === 'pending')).toBe(true);
  });

  it('refuses a reused idempotency key with a different request, and answers the same request with its run', async () => {
    const first = helloRequest();
    const runId = await mesh.client.publishRequest(first);
    expect(await mesh.client.publishRequest(first)).toBe(runId);
    const changed = { ...first, platform_config: { ...first.platform_config, run: { ...first.platform_config.run, command: 'node other.js' } } };
    const refused = await mesh.client.publishRequest(changed).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as CliError).message).toBe(
      `idempotency key ${first.idempotency_key} already started run ${runId} with a different request; ` +
        `publish this one with a new key (--idempotency-key), or follow that run: jetway status ${runId}`,
    );
    expect((refused as CliError).exitCode).toBe(2);
  });
});
