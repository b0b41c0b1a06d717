import type { PipelineFinished } from '@jetway/contracts';
import { notificationsFor, type NotificationContext } from './notifications-for.use-case';
import type { NotificationIntent, PagerDutyIntent, SlackIntent, WebhookIntent } from './notification-intent';

const RUN_ID = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const ctx: NotificationContext = { eventId: `${RUN_ID}.run.0.finished`, time: '2025-01-02T03:04:05Z', traceId: 'abc123' };
const URLS = { staging: 'http://127.0.0.1:8080/shop/staging', production: 'http://127.0.0.1:8080/shop/production' };

function run(overrides: Partial<PipelineFinished> = {}): PipelineFinished {
  return {
    run_id: RUN_ID,
    application: 'shop',
    outcome: 'succeeded',
    duration_ms: 1234,
    urls: URLS,
    steps: [
      { step_id: 'build', kind: 'build', outcome: 'succeeded', duration_ms: 10 },
      { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' },
      { step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'succeeded' },
    ],
    ...overrides,
  };
}

/** A run whose deploy to `env` rolled back (what the planner publishes: the reason names the step). */
function rolledBackIn(env: 'staging' | 'production', overrides: Partial<PipelineFinished> = {}): PipelineFinished {
  const staging = env === 'staging' ? 'rolled_back' : 'succeeded';
  return run({
    outcome: 'failed',
    reason: `step deploy-${env} rolled_back: health check failed; the previous release keeps serving`,
    urls: env === 'staging' ? {} : { staging: URLS.staging },
    steps: [
      { step_id: 'build', kind: 'build', outcome: 'succeeded' },
      { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: staging },
      { step_id: 'deploy-production', kind: 'deploy', environment: 'production', ...(env === 'production' && { outcome: 'rolled_back' as const }) },
    ],
    ...overrides,
  });
}

/** A run whose build failed before any environment. */
function buildFailed(environments: ('staging' | 'production')[], overrides: Partial<PipelineFinished> = {}): PipelineFinished {
  return run({
    outcome: 'failed',
    reason: 'step build failed: exit code 2',
    urls: {},
    steps: [
      { step_id: 'build', kind: 'build', outcome: 'failed' },
      ...environments.map((environment) => ({ step_id: `deploy-${environment}`, kind: 'deploy' as const, environment })),
    ],
    ...overrides,
  });
}

const notify = (payload: PipelineFinished) => notificationsFor(payload, ctx);
const slackOf = (xs: NotificationIntent[]) => xs.filter((x): x is SlackIntent => x.channel === 'slack');
const pagesOf = (xs: NotificationIntent[]) => xs.filter((x): x is PagerDutyIntent => x.channel === 'pagerduty');
const hooksOf = (xs: NotificationIntent[]) => xs.filter((x): x is WebhookIntent => x.channel === 'webhook');

describe('notificationsFor: one incident, one Slack message, at most one page', () => {
  it.each(['succeeded', 'failed', 'rejected'] as const)('posts one Slack message when a run %s', (outcome) => {
    const [slack, ...more] = slackOf(notify(run({ outcome })));
    expect(more).toHaveLength(0);
    expect(slack).toMatchObject({ outcome, application: 'shop', runId: RUN_ID, traceId: 'abc123', rolledBack: [] });
    expect(slack?.title).toContain(outcome);
  });

  it('tells a staging rollback in one Slack message that says so, and pages nobody by default', () => {
    const intents = notify(rolledBackIn('staging'));
    expect(slackOf(intents)).toEqual([
      expect.objectContaining({ title: 'shop ❌ failed (rolled back in staging)', outcome: 'failed', environments: ['staging'], rolledBack: ['staging'] }),
    ]);
    expect(pagesOf(intents)).toEqual([]);
  });

  it('pages a production rollback once, at the rollback severity (the previous release still serves)', () => {
    const intents = notify(rolledBackIn('production'));
    expect(slackOf(intents)).toHaveLength(1);
    expect(slackOf(intents)[0]).toMatchObject({ rolledBack: ['production'], environments: ['production'] });
    const pages = pagesOf(intents);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      action: 'trigger',
      dedupKey: 'jetway/shop/production',
      severity: 'error',
      class: 'deploy-rolled-back',
      component: 'shop',
      group: 'production',
    });
    expect(pages[0]?.summary).toContain('rolled back in production (the previous release still serves)');
    expect(pages[0]?.customDetails).toMatchObject({ failed_steps: ['deploy-production: rolled_back'] });
  });

  it('pages a production failure that was not rolled back as critical, linking the environment', () => {
    const failed = run({
      outcome: 'failed',
      reason: 'step verify-production failed: 3 of 3 checks answered 500',
      steps: [
        { step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'succeeded' },
        { step_id: 'verify-production', kind: 'verify', environment: 'production', outcome: 'failed' },
      ],
    });
    const pages = pagesOf(notify(failed));
    expect(pages.map((p) => [p.action, p.dedupKey, p.severity, p.class])).toEqual([
      ['trigger', 'jetway/shop/production', 'critical', 'pipeline-run-failed'],
    ]);
    expect(pages[0]?.source).toBe(URLS.production);
    expect(pages[0]?.summary).toContain('3 of 3 checks answered 500');
  });

  it('pages staging when the run opted staging in (pagerduty_environments)', () => {
    const pages = pagesOf(notify(rolledBackIn('staging', { pagerduty_environments: ['staging', 'production'] })));
    expect(pages.map((p) => [p.action, p.dedupKey, p.severity])).toEqual([['trigger', 'jetway/shop/staging', 'warning']]);
  });

  it('does not page production when the run opted production out', () => {
    expect(pagesOf(notify(rolledBackIn('production', { pagerduty_environments: ['staging'] })))).toEqual([]);
  });

  it('scopes a build failure to the first environment it did not reach, and pages only if that one is paged', () => {
    const stuckInStaging = notify(buildFailed(['production', 'staging']));
    expect(slackOf(stuckInStaging)[0]).toMatchObject({ environments: ['staging'], rolledBack: [] });
    expect(pagesOf(stuckInStaging)).toEqual([]);
    const optedIn = pagesOf(notify(buildFailed(['production', 'staging'], { pagerduty_environments: ['staging'] })));
    expect(optedIn.map((p) => [p.dedupKey, p.severity])).toEqual([['jetway/shop/staging', 'error']]);
    expect(optedIn[0]?.links).toEqual([]);
    const productionOnly = pagesOf(notify(buildFailed(['production'])));
    expect(productionOnly.map((p) => [p.dedupKey, p.severity])).toEqual([['jetway/shop/production', 'critical']]);
  });

  it('never pages a failure with no environment at all', () => {
    const failed = run({ outcome: 'failed', urls: {}, steps: [{ step_id: 'build', kind: 'build', outcome: 'errored' }] });
    const intents = notify({ ...failed, pagerduty_environments: ['development', 'staging', 'production'] });
    expect(slackOf(intents)).toHaveLength(1);
    expect(pagesOf(intents)).toEqual([]);
  });

  it('resolves the dedup key of every environment the next successful release deployed, and triggers nothing', () => {
    const pages = pagesOf(notify(run()));
    expect(pages.map((p) => [p.action, p.dedupKey])).toEqual([
      ['resolve', 'jetway/shop/staging'],
      ['resolve', 'jetway/shop/production'],
    ]);
    const stagingOnly = run({ urls: { staging: URLS.staging }, steps: [{ step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' }] });
    expect(pagesOf(notify(stagingOnly)).map((p) => [p.action, p.dedupKey])).toEqual([['resolve', 'jetway/shop/staging']]);
  });

  it('neither pages nor resolves for a rejected run', () => {
    expect(pagesOf(notify(run({ outcome: 'rejected', urls: {} })))).toEqual([]);
  });

  it('emits one CloudEvent for webhook subscribers carrying the run', () => {
    const hooks = hooksOf(notify(rolledBackIn('staging')));
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.event).toMatchObject({ type: 'dev.jetway.notification.run.failed.v1', subject: RUN_ID, time: ctx.time });
    expect(hooks[0]?.data).toMatchObject({ run_id: RUN_ID, outcome: 'failed', trace_id: 'abc123' });
  });

  it('truncates the PagerDuty summary to 1024 characters', () => {
    const [trigger] = pagesOf(notify(rolledBackIn('production', { reason: 'x'.repeat(5000) })));
    expect(trigger?.summary).toHaveLength(1024);
  });
});

describe('idempotency keys', () => {
  it('are deterministic per event and distinct per intent', () => {
    const failed = rolledBackIn('production');
    const first = notify(failed).map((i) => i.idempotencyKey);
    expect(notify(failed).map((i) => i.idempotencyKey)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('differ between events and are valid NATS KV keys', () => {
    const a = notify(run());
    const b = notificationsFor(run(), { ...ctx, eventId: 'other id with spaces' });
    expect(a[0]?.idempotencyKey).not.toEqual(b[0]?.idempotencyKey);
    for (const intent of [...a, ...b]) expect(intent.idempotencyKey).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
  });
});
