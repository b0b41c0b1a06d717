import type { NatsConnection, Subscription } from 'nats';
import { ulid } from 'ulid';
import { STREAMS, type EventSubject, type PipelineFinished } from '@jetway/contracts';
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
const STAGING = 'http://127.0.0.1:8080/shop/staging';
const PRODUCTION = 'http://127.0.0.1:8080/shop/production';

function rolledBack(runId: string, env: 'staging' | 'production'): PipelineFinished {
  return {
    run_id: runId,
    application: 'shop',
    outcome: 'failed',
    reason: `step deploy-${env} rolled_back: health check failed; the previous release keeps serving`,
    duration_ms: 4_000,
    urls: env === 'production' ? { staging: STAGING } : {},
    steps: [
      { step_id: 'build', kind: 'build', outcome: 'succeeded' },
      { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: env === 'staging' ? 'rolled_back' : 'succeeded' },
      ...(env === 'production' ? [{ step_id: 'deploy-production', kind: 'deploy' as const, environment: 'production' as const, outcome: 'rolled_back' as const }] : []),
    ],
  };
}

// One story, in order, counting what reaches the Slack and PagerDuty stand-ins: a staging rollback
// is one Slack post and no page, its redelivery sends nothing, a production rollback pages once,
// a run that opted staging in pages staging, the next success resolves; nobody is asked anything.
describe('notifier on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let slack: SlackReceiver;
  let pagerduty: PagerDutyReceiver;
  let handle: ServiceHandle;
  let publisher: EventPublisher;
  let nc: NatsConnection;
  let queries: Subscription;
  const asked: string[] = [];
  const stagingRunId = ulid();

  /** Messages the notifier acknowledged on `subject`, from its own metrics. */
  async function settled(subject: EventSubject, outcome: 'ack' | 'nak' = 'ack'): Promise<number> {
    const { values } = await handle.metrics.messages.get();
    return values.filter((v) => v.labels.subject === subject && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }
  /** Once acked, every notification of the event was sent: the counts below are final. */
  const acked = (count: number) =>
    waitFor(async () => (await settled('jetway.pipeline.finished.v1')) >= count, { message: `${count} ack(s) of pipeline.finished` });

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
    nc = handle.mesh.nc;
    // Anything the notifier asks (the planner's status query was one) would arrive here.
    queries = nc.subscribe('jetway.query.>', { callback: (_error, msg) => asked.push(msg.subject) });
    await nc.flush();
    publisher = new EventPublisher(handle.mesh.js, 'test');
  });
  afterAll(async () => {
    queries?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    await slack?.close();
    await pagerduty?.close();
  });

  it('consumes pipeline.finished, incidents, infrastructure drift and approval requests only: no durable on step.deploy.finished', async () => {
    const jsm = await handle.mesh.js.jetstreamManager();
    const durables: string[] = [];
    for await (const info of jsm.consumers.list(STREAMS.events.name)) if (info.name.startsWith('notifier--')) durables.push(info.name);
    expect(durables.sort()).toEqual([
      'notifier--jetway_approval_requested_v1', 'notifier--jetway_incident_detected_v1', 'notifier--jetway_incident_resolved_v1',
      'notifier--jetway_infra_drift_detected_v1', 'notifier--jetway_infra_drift_resolved_v1', 'notifier--jetway_pipeline_finished_v1',
    ]);
  });

  it('tells a staging rollback in one Slack post and pages nobody', async () => {
    // The deployer's own rollback event is no longer the notifier's business: only the run's outcome is.
    await publisher.publish(
      'jetway.step.deploy.finished.v1',
      { run_id: stagingRunId, step_id: 'deploy-staging', attempt: 1, outcome: 'rolled_back', reason: 'health check failed', duration_ms: 900 },
      { runId: stagingRunId, stepId: 'deploy-staging', attempt: 1 },
    );
    await publisher.publish('jetway.pipeline.finished.v1', rolledBack(stagingRunId, 'staging'), { runId: stagingRunId });
    await acked(1);
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.text).toContain('shop ❌ failed (rolled back in staging)');
    expect(slack.received[0]?.text).toContain('the previous release still serves');
    expect(pagerduty.received).toEqual([]);
    expect([slack.rejected, pagerduty.rejected]).toEqual([[], []]);
  });

  it('sends nothing again for the same event redelivered under another message id', async () => {
    await publisher.publish('jetway.pipeline.finished.v1', rolledBack(stagingRunId, 'staging'), { runId: stagingRunId, id: `redelivery-${ulid()}` });
    await acked(2);
    expect(slack.received).toHaveLength(1);
    expect(pagerduty.received).toHaveLength(0);
    expect(await settled('jetway.pipeline.finished.v1', 'nak')).toBe(0);
  });

  it('pages a production rollback once, with one Slack post', async () => {
    const runId = ulid();
    await publisher.publish('jetway.pipeline.finished.v1', rolledBack(runId, 'production'), { runId });
    await acked(3);
    expect(slack.received).toHaveLength(2);
    expect(slack.received[1]?.text).toContain('rolled back in production');
    expect(pagerduty.received).toHaveLength(1);
    expect(pagerduty.received[0]).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'jetway/shop/production',
      routing_key: ROUTING_KEY,
      payload: { severity: 'error', class: 'deploy-rolled-back' },
    });
    expect(pagerduty.incidents.get('jetway/shop/production')).toBe('triggered');
  });

  it('pages a staging failure when the run opted staging in', async () => {
    const runId = ulid();
    const failed: PipelineFinished = {
      run_id: runId,
      application: 'cart',
      outcome: 'failed',
      reason: 'step scan failed: a cloud key in server.js',
      duration_ms: 2_000,
      urls: {},
      pagerduty_environments: ['staging', 'production'],
      steps: [
        { step_id: 'build', kind: 'build', outcome: 'succeeded' },
        { step_id: 'scan', kind: 'scan', outcome: 'failed' },
        { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging' },
      ],
    };
    await publisher.publish('jetway.pipeline.finished.v1', failed, { runId });
    await acked(4);
    expect(slack.received).toHaveLength(3);
    expect(pagerduty.received).toHaveLength(2);
    expect(pagerduty.received[1]).toMatchObject({ event_action: 'trigger', dedup_key: 'jetway/cart/staging' });
  });

  it('resolves the incident when the next release of the application succeeds there, and asked nobody anything', async () => {
    const runId = ulid();
    const succeeded: PipelineFinished = {
      run_id: runId,
      application: 'shop',
      outcome: 'succeeded',
      duration_ms: 3_000,
      urls: { staging: STAGING, production: PRODUCTION },
      steps: [
        { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' },
        { step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'succeeded' },
      ],
    };
    await publisher.publish('jetway.pipeline.finished.v1', succeeded, { runId });
    await acked(5);
    expect(slack.received).toHaveLength(4);
    expect(pagerduty.received.slice(2).map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['resolve', 'jetway/shop/staging'],
      ['resolve', 'jetway/shop/production'],
    ]);
    expect(pagerduty.incidents.get('jetway/shop/production')).toBe('resolved');
    expect(pagerduty.incidents.has('jetway/shop/staging')).toBe(false);
    await nc.flush();
    expect(asked).toEqual([]);
  });

  it('pages an automatic canary rollback in words (criterion against threshold, what serves), but not an operator’s abort', async () => {
    const runId = ulid();
    const canary = (abortedBy?: string): PipelineFinished['steps'][number] => ({
      step_id: 'deploy-production',
      kind: 'deploy',
      environment: 'production',
      outcome: 'rolled_back',
      reason: abortedBy ? `aborted by ${abortedBy}` : 'canary aborted by analysis at 25 %',
      ...(abortedBy && { aborted_by: abortedBy }),
      rollout: {
        strategy: 'canary',
        phase: 'rolled_back',
        weight: 0,
        stage: 1,
        message: 'weight 0 %: the stable release serves everything',
        analysis: { provider: 'router', verdict: 'fail', requests: 412, measurements: [{ metric: 'error_rate', value: 0.31, threshold: 0.01, passed: false }], message: 'error_rate over its threshold' },
      },
    });
    const run = (id: string, step: PipelineFinished['steps'][number]): PipelineFinished => ({ run_id: id, application: 'shop', outcome: 'failed', reason: `step deploy-production rolled_back: ${step.reason}`, duration_ms: 9_000, urls: {}, steps: [step] });
    await publisher.publish('jetway.pipeline.finished.v1', run(runId, canary()), { runId });
    await acked(6);
    const trigger = pagerduty.received.at(-1);
    expect(trigger).toMatchObject({ event_action: 'trigger', dedup_key: 'jetway/shop/production', payload: { severity: 'error', class: 'deploy-rolled-back' } });
    expect(trigger?.payload?.summary).toContain('analysis failed: error_rate 31 % > 1 % over 412 requests (router)');
    expect(trigger?.payload?.summary).toContain('the stable release serves everything');
    expect(JSON.stringify(slack.received.at(-1)?.blocks)).toContain('*What happened*');
    expect(pagerduty.incidents.get('jetway/shop/production')).toBe('triggered');

    const pages = pagerduty.received.length;
    const abortedId = ulid();
    await publisher.publish('jetway.pipeline.finished.v1', run(abortedId, canary('alice')), { runId: abortedId });
    await acked(7);
    expect(slack.received.at(-1)?.text).toContain('was aborted by alice and rolled back');
    expect(pagerduty.received).toHaveLength(pages);
  });

  it('resolves it when a rollback run of that application and environment succeeds, and says what serves again', async () => {
    const runId = ulid();
    const rollback: PipelineFinished = {
      run_id: runId,
      kind: 'rollback',
      application: 'shop',
      outcome: 'succeeded',
      requested_by: 'alice',
      duration_ms: 2_000,
      urls: { production: PRODUCTION },
      steps: [{ step_id: 'rollback', kind: 'rollback', environment: 'production', outcome: 'succeeded', release: { digest: `sha256:${'a'.repeat(64)}`, url: PRODUCTION, replaced_digest: `sha256:${'c'.repeat(64)}` } }],
    };
    await publisher.publish('jetway.pipeline.finished.v1', rollback, { runId });
    await acked(8);
    expect(slack.received.at(-1)?.text).toContain('alice rolled shop back in production: sha256:aaaaaaaaaaaa… serves again (replacing sha256:cccccccccccc…)');
    expect(pagerduty.received.at(-1)).toMatchObject({ event_action: 'resolve', dedup_key: 'jetway/shop/production' });
    expect(pagerduty.incidents.get('jetway/shop/production')).toBe('resolved');
    expect([slack.rejected, pagerduty.rejected]).toEqual([[], []]);
  });
});
