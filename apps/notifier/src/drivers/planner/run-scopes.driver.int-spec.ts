import { connect, type NatsConnection } from 'nats';
import { queries, type RunStatusReply } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { PlannerRunScopes } from './run-scopes.driver';

const RUN_ID = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const found: RunStatusReply = {
  found: true,
  run: {
    run_id: RUN_ID,
    application: 'shop',
    status: 'running',
    created_at: '2025-01-02T03:04:05Z',
    urls: {},
    approvers: [],
    steps: [
      { step_id: 'build', kind: 'build', status: 'finished', outcome: 'succeeded' },
      { step_id: 'deploy-production', kind: 'deploy', environment: 'production', status: 'finished', outcome: 'rolled_back' },
    ],
  },
};

describe('PlannerRunScopes on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await nc?.drain();
    await nats?.stop();
  });

  /** Answers the status query as the planner would, with `reply`, until unsubscribed. */
  function plannerAnswering(reply: unknown) {
    const sub = nc.subscribe(queries.runStatus, { callback: (_err, msg) => msg.respond(JSON.stringify(reply)) });
    return { stop: () => sub.unsubscribe() };
  }

  it("reads the application and the step's environment from the planner's answer", async () => {
    const planner = plannerAnswering(found);
    await expect(new PlannerRunScopes(nc).scopeOf(RUN_ID, 'deploy-production')).resolves.toEqual({ application: 'shop', environment: 'production' });
    planner.stop();
  });

  it('is transient when nobody answers', async () => {
    await expect(new PlannerRunScopes(nc, 500).scopeOf(RUN_ID, 'deploy-production')).rejects.toBeInstanceOf(TransientError);
  });

  it('is transient when the planner answers with an error instead of a status', async () => {
    const planner = plannerAnswering({ error: 'KV unavailable' });
    await expect(new PlannerRunScopes(nc).scopeOf(RUN_ID, 'deploy-production')).rejects.toBeInstanceOf(TransientError);
    planner.stop();
  });

  it('is permanent when the run or the step does not exist', async () => {
    const planner = plannerAnswering({ found: false, error: `no run ${RUN_ID}` });
    await expect(new PlannerRunScopes(nc).scopeOf(RUN_ID, 'deploy-production')).rejects.toBeInstanceOf(PermanentError);
    planner.stop();
    const again = plannerAnswering(found);
    await expect(new PlannerRunScopes(nc).scopeOf(RUN_ID, 'build')).rejects.toThrow(/no step build with an environment/);
    again.stop();
  });
});
