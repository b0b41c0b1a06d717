import type { DeployFinished, PipelineFinished } from '@jetway/contracts';
import { notificationsFor, type NotificationContext } from './notifications-for.use-case';
import type { NotificationIntent, PagerDutyIntent, SlackIntent, WebhookIntent } from './notification-intent';

const RUN_ID = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const ctx: NotificationContext = { eventId: `${RUN_ID}.run.0.finished`, time: '2025-01-02T03:04:05Z', traceId: 'abc123' };

function run(overrides: Partial<PipelineFinished> = {}): PipelineFinished {
  return {
    run_id: RUN_ID,
    application: 'shop',
    outcome: 'succeeded',
    duration_ms: 1234,
    urls: { staging: 'http://127.0.0.1:8080/shop/staging', production: 'http://127.0.0.1:8080/shop/production' },
    steps: [
      { step_id: 'build', kind: 'build', outcome: 'succeeded', duration_ms: 10 },
      { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' },
      { step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'succeeded' },
    ],
    ...overrides,
  };
}

function deploy(overrides: Partial<DeployFinished> = {}): DeployFinished {
  return { run_id: RUN_ID, step_id: 'deploy-production', attempt: 1, outcome: 'rolled_back', duration_ms: 99, ...overrides };
}

const slackOf = (xs: NotificationIntent[]) => xs.filter((x): x is SlackIntent => x.channel === 'slack');
const pagesOf = (xs: NotificationIntent[]) => xs.filter((x): x is PagerDutyIntent => x.channel === 'pagerduty');
const hooksOf = (xs: NotificationIntent[]) => xs.filter((x): x is WebhookIntent => x.channel === 'webhook');

describe('notificationsFor(pipeline.finished)', () => {
  it.each(['succeeded', 'failed', 'rejected'] as const)('posts one Slack message when a run %s', (outcome) => {
    const intents = notificationsFor({ type: 'pipeline.finished', payload: run({ outcome }) }, ctx);
    const [slack, ...more] = slackOf(intents);
    expect(more).toHaveLength(0);
    expect(slack).toMatchObject({ outcome, application: 'shop', runId: RUN_ID, traceId: 'abc123' });
    expect(slack?.title).toContain(outcome);
  });

  it('pages the environment whose step failed, with a stable dedup key and critical severity in production', () => {
    const failed = run({
      outcome: 'failed',
      reason: 'deploy-production rolled back: health check failed',
      steps: [
        { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' },
        { step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'rolled_back' },
      ],
    });
    const pages = pagesOf(notificationsFor({ type: 'pipeline.finished', payload: failed }, ctx));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      action: 'trigger',
      dedupKey: 'jetway/shop/production',
      severity: 'critical',
      component: 'shop',
      group: 'production',
      source: 'http://127.0.0.1:8080/shop/production',
    });
    expect(pages[0]?.summary).toContain('health check failed');
    expect(pages[0]?.customDetails).toMatchObject({ failed_steps: ['deploy-production: rolled_back'] });
  });

  it('pages the first environment not reached when the build failed', () => {
    const failed = run({
      outcome: 'failed',
      urls: {},
      steps: [
        { step_id: 'build', kind: 'build', outcome: 'failed' },
        { step_id: 'deploy-production', kind: 'deploy', environment: 'production' },
        { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging' },
      ],
    });
    const pages = pagesOf(notificationsFor({ type: 'pipeline.finished', payload: failed }, ctx));
    expect(pages.map((p) => [p.dedupKey, p.severity])).toEqual([['jetway/shop/staging', 'error']]);
    expect(pages[0]?.links).toEqual([]);
  });

  it('pages an unscoped incident when the plan had no environment', () => {
    const failed = run({ outcome: 'failed', urls: {}, steps: [{ step_id: 'build', kind: 'build', outcome: 'errored' }] });
    const pages = pagesOf(notificationsFor({ type: 'pipeline.finished', payload: failed }, ctx));
    expect(pages.map((p) => p.dedupKey)).toEqual(['jetway/shop/unscoped']);
  });

  it('resolves every deployed environment when a run succeeds and nobody tracks open incidents', () => {
    const pages = pagesOf(notificationsFor({ type: 'pipeline.finished', payload: run() }, ctx));
    expect(pages.map((p) => [p.action, p.dedupKey])).toEqual([
      ['resolve', 'jetway/shop/staging'],
      ['resolve', 'jetway/shop/production'],
    ]);
  });

  it('resolves only open incidents when the caller tracks them', () => {
    const openIncidents = new Set(['jetway/shop/production', 'jetway/shop/unscoped', 'jetway/other/staging']);
    const pages = pagesOf(notificationsFor({ type: 'pipeline.finished', payload: run() }, { ...ctx, openIncidents }));
    expect(pages.map((p) => p.dedupKey)).toEqual(['jetway/shop/production', 'jetway/shop/unscoped']);
  });

  it('does not page for a rejected run', () => {
    const intents = notificationsFor({ type: 'pipeline.finished', payload: run({ outcome: 'rejected' }) }, ctx);
    expect(pagesOf(intents)).toEqual([]);
  });

  it('emits a CloudEvent for webhook subscribers carrying the run', () => {
    const [hook] = hooksOf(notificationsFor({ type: 'pipeline.finished', payload: run({ outcome: 'failed' }) }, ctx));
    expect(hook?.event).toMatchObject({ type: 'dev.jetway.notification.run.failed.v1', subject: RUN_ID, time: ctx.time });
    expect(hook?.data).toMatchObject({ run_id: RUN_ID, outcome: 'failed', trace_id: 'abc123' });
  });

  it('truncates the PagerDuty summary to 1024 characters', () => {
    const failed = run({ outcome: 'failed', reason: 'x'.repeat(5000) });
    const [trigger] = pagesOf(notificationsFor({ type: 'pipeline.finished', payload: failed }, ctx));
    expect(trigger?.summary).toHaveLength(1024);
  });
});

describe('notificationsFor(step.deploy.finished)', () => {
  const event = (payload: DeployFinished) =>
    ({ type: 'step.deploy.finished', payload, application: 'shop', environment: 'staging' }) as const;

  it('posts to Slack and pages on a rollback', () => {
    const intents = notificationsFor(event(deploy({ reason: 'error rate 12%' })), ctx);
    expect(slackOf(intents)).toEqual([
      expect.objectContaining({ outcome: 'rolled_back', environments: ['staging'], reason: 'error rate 12%' }),
    ]);
    expect(pagesOf(intents)).toEqual([
      expect.objectContaining({ action: 'trigger', dedupKey: 'jetway/shop/staging', severity: 'warning', class: 'deploy-rolled-back' }),
    ]);
    expect(hooksOf(intents)[0]?.data).toMatchObject({ application: 'shop', environment: 'staging' });
  });

  it.each(['succeeded', 'failed', 'errored'] as const)('says nothing when a deploy %s (the run outcome will)', (outcome) => {
    expect(notificationsFor(event(deploy({ outcome })), ctx)).toEqual([]);
  });
});

describe('idempotency keys', () => {
  it('are deterministic per event and distinct per intent', () => {
    const failed = run({ outcome: 'failed' });
    const first = notificationsFor({ type: 'pipeline.finished', payload: failed }, ctx).map((i) => i.idempotencyKey);
    const again = notificationsFor({ type: 'pipeline.finished', payload: failed }, ctx).map((i) => i.idempotencyKey);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('differ between events and are valid NATS KV keys', () => {
    const a = notificationsFor({ type: 'pipeline.finished', payload: run() }, ctx);
    const b = notificationsFor({ type: 'pipeline.finished', payload: run() }, { ...ctx, eventId: 'other id with spaces' });
    expect(a[0]?.idempotencyKey).not.toEqual(b[0]?.idempotencyKey);
    for (const intent of [...a, ...b]) expect(intent.idempotencyKey).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
  });
});
