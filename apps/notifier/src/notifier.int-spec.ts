import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { queries, type EventSubject, type PipelineFinished, type RunStatusReply } from '@jetway/contracts';
import { EventPublisher, type ServiceHandle } from '@jetway/messaging';
import {
  startNats,
  startPagerDutyReceiver,
  startSlackReceiver,
  waitFor,
  type NatsFixture,
  type PagerDutyReceiver,
  type SlackReceiver,
} from '@jetway/testing';
import { loadNotifierConfig, startNotifier } from './index';

const ROUTING_KEY = 'R0UT1NGKEY';

// One story, in order: a failed run pages once, its redelivery pages nothing more, the next
// successful run resolves the incident, and a rollback is scoped through the planner's query.
describe('notifier on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let slack: SlackReceiver;
  let pagerduty: PagerDutyReceiver;
  let handle: ServiceHandle;
  let publisher: EventPublisher;
  const failedRunId = ulid();
  const failedRun = (): PipelineFinished => ({
    run_id: failedRunId,
    application: 'shop',
    outcome: 'failed',
    reason: 'deploy-staging rolled back: health check failed',
    duration_ms: 4_000,
    urls: {},
    steps: [
      { step_id: 'build', kind: 'build', outcome: 'succeeded' },
      { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'rolled_back' },
    ],
  });

  /** Messages the notifier settled on `subject` with `outcome`, from its own metrics. */
  async function settled(subject: EventSubject, outcome: 'ack' | 'nak' | 'dead_letter' = 'ack'): Promise<number> {
    const { values } = await handle.metrics.messages.get();
    return values.filter((v) => v.labels.subject === subject && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }
  const acked = (subject: EventSubject, count: number) =>
    waitFor(async () => (await settled(subject)) >= count, { message: `${count} ack(s) on ${subject}` });

  beforeAll(async () => {
    nats = await startNats();
    slack = await startSlackReceiver();
    pagerduty = await startPagerDutyReceiver({ routingKey: ROUTING_KEY });
    handle = await startNotifier({
      ...loadNotifierConfig({}),
      JETWAY_NATS_URL: nats.url,
      JETWAY_SLACK_WEBHOOK_URL: slack.url,
      JETWAY_PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      JETWAY_PAGERDUTY_URL: pagerduty.url,
      JETWAY_LOG_LEVEL: 'warn',
    });
    publisher = new EventPublisher(handle.mesh.js, 'test');
  });
  afterAll(async () => {
    await handle?.stop();
    await nats?.stop();
    await slack?.close();
    await pagerduty?.close();
  });

  it('posts one Slack message and triggers one PagerDuty incident for a failed run', async () => {
    await publisher.publish('jetway.pipeline.finished.v1', failedRun(), { runId: failedRunId });
    await acked('jetway.pipeline.finished.v1', 1);
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.text).toContain('shop ❌ failed');
    expect(pagerduty.received).toHaveLength(1);
    expect(pagerduty.received[0]).toMatchObject({ event_action: 'trigger', dedup_key: 'jetway/shop/staging', routing_key: ROUTING_KEY });
    expect(pagerduty.incidents.get('jetway/shop/staging')).toBe('triggered');
    expect([slack.rejected, pagerduty.rejected]).toEqual([[], []]);
  });

  it('sends nothing again for the same event redelivered under another message id', async () => {
    await publisher.publish('jetway.pipeline.finished.v1', failedRun(), { runId: failedRunId, id: `redelivery-${ulid()}` });
    await acked('jetway.pipeline.finished.v1', 2);
    expect(slack.received).toHaveLength(1);
    expect(pagerduty.received).toHaveLength(1);
    expect(await settled('jetway.pipeline.finished.v1', 'nak')).toBe(0);
  });

  it('resolves the incident when the next run of the same application deploys to that environment', async () => {
    const runId = ulid();
    await publisher.publish(
      'jetway.pipeline.finished.v1',
      {
        run_id: runId,
        application: 'shop',
        outcome: 'succeeded',
        duration_ms: 3_000,
        urls: { staging: 'http://127.0.0.1:8080/shop/staging' },
        steps: [
          { step_id: 'build', kind: 'build', outcome: 'succeeded' },
          { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' },
        ],
      },
      { runId },
    );
    await acked('jetway.pipeline.finished.v1', 3);
    expect(pagerduty.received).toHaveLength(2);
    expect(pagerduty.received[1]).toMatchObject({ event_action: 'resolve', dedup_key: 'jetway/shop/staging' });
    expect(pagerduty.incidents.get('jetway/shop/staging')).toBe('resolved');
    expect(slack.received.map((m) => m.text)).toEqual([expect.stringContaining('failed'), expect.stringContaining('succeeded')]);
  });

  it("pages a rollback in the environment the planner's status query names", async () => {
    const runId = ulid();
    const reply: RunStatusReply = {
      found: true,
      run: {
        run_id: runId,
        application: 'shop',
        status: 'running',
        created_at: new Date().toISOString(),
        urls: {},
        approvers: [],
        steps: [{ step_id: 'deploy-production', kind: 'deploy', environment: 'production', status: 'finished', outcome: 'rolled_back' }],
      },
    };
    // Stands in for the planner's query handler: this spec covers the notifier alone.
    const planner: Subscription = handle.mesh.nc.subscribe(queries.runStatus, {
      callback: (_error, msg) => msg.respond(JSON.stringify(reply)),
    });
    await handle.mesh.nc.flush();
    await publisher.publish(
      'jetway.step.deploy.finished.v1',
      { run_id: runId, step_id: 'deploy-production', attempt: 1, outcome: 'rolled_back', reason: 'error rate 12%', duration_ms: 900 },
      { runId, stepId: 'deploy-production', attempt: 1 },
    );
    await acked('jetway.step.deploy.finished.v1', 1);
    planner.unsubscribe();
    expect(pagerduty.received).toHaveLength(3);
    expect(pagerduty.received[2]).toMatchObject({ event_action: 'trigger', dedup_key: 'jetway/shop/production' });
    expect(slack.received[2]?.text).toContain('rolled back in production');
  });
});
