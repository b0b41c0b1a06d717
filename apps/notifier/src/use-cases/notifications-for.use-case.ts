import type { Environment, PipelineFinished } from '@jetway/contracts';
import { idempotencyKeyFor } from './idempotency-key';
import {
  dedupKeyFor,
  deployedEnvironments,
  failedScopes,
  pagedScopes,
  rolledBackEnvironments,
  severityFor,
  UNSCOPED,
  type IncidentScope,
} from './incident-scope';
import type { NotificationIntent, PagerDutyIntent, SlackIntent, WebhookIntent } from './notification-intent';

export interface NotificationContext {
  /** The id of the event handled; every intent's idempotency key derives from it. */
  readonly eventId: string;
  /** The `ce-time` of the event handled; becomes the webhook CloudEvent's time. */
  readonly time: string;
  readonly traceId?: string;
}

const SUMMARY_LIMIT = 1024;
const TITLES = { succeeded: '✅ succeeded', failed: '❌ failed', rejected: '⛔ rejected' };

/**
 * What to tell whom about one finished run, so that one incident is one Slack message and at
 * most one PagerDuty trigger (the run's outcome already tells of a rollback in it):
 * - Slack: one message per run; a failed run whose deploy rolled back says where, and that the
 *   previous release still serves.
 * - PagerDuty: a trigger per failed scope in the run's `pagerduty_environments` (production when
 *   absent); other failures only go to Slack. A success resolves every environment it deployed.
 * - Webhook: one CloudEvent carrying the run.
 * Pure: no I/O.
 */
export function notificationsFor(run: PipelineFinished, ctx: NotificationContext): NotificationIntent[] {
  const deployed = run.outcome === 'succeeded' ? deployedEnvironments(run) : [];
  const scopes = run.outcome === 'failed' ? failedScopes(run) : [];
  const rolledBack = run.outcome === 'failed' ? rolledBackEnvironments(run) : [];
  const where = rolledBack.length > 0 ? ` (rolled back in ${rolledBack.join(', ')})` : '';
  const slack: SlackIntent = {
    channel: 'slack',
    idempotencyKey: idempotencyKeyFor(ctx.eventId, 'slack'),
    title: `${run.application} ${TITLES[run.outcome]}${where}`,
    application: run.application,
    environments: run.outcome === 'failed' ? scopes.filter((s) => s !== UNSCOPED) : deployed,
    outcome: run.outcome,
    rolledBack,
    runId: run.run_id,
    urls: run.urls,
    ...(run.reason !== undefined && { reason: run.reason }),
    ...(ctx.traceId !== undefined && { traceId: ctx.traceId }),
  };
  const triggers = pagedScopes(run, scopes).map((env) => triggerFor(run, env, rolledBack.includes(env), ctx));
  const resolves = deployed.map((env) => resolveFor(run, env, ctx));
  return [slack, ...triggers, ...resolves, webhookFor(run, ctx)];
}

function triggerFor(run: PipelineFinished, env: Environment, rolledBack: boolean, ctx: NotificationContext): PagerDutyIntent {
  const failedSteps = run.steps.filter((s) => s.outcome && s.outcome !== 'succeeded' && s.outcome !== 'skipped');
  const what = rolledBack ? `rolled back in ${env} (the previous release still serves)` : `failed in ${env}`;
  return page(ctx, {
    action: 'trigger',
    application: run.application,
    scope: env,
    summary: `Jetway run of ${run.application} ${what}${run.reason ? `: ${run.reason}` : ''}`,
    severity: severityFor(rolledBack ? 'rolled_back' : 'failed', env),
    class: rolledBack ? 'deploy-rolled-back' : 'pipeline-run-failed',
    url: run.urls[env],
    customDetails: {
      run_id: run.run_id,
      outcome: run.outcome,
      reason: run.reason,
      duration_ms: run.duration_ms,
      failed_steps: failedSteps.map((s) => `${s.step_id}: ${s.outcome}`),
      trace_id: ctx.traceId,
    },
  });
}

/**
 * The notifier keeps no record of open incidents (and does not ask PagerDuty), so a success
 * resolves the key of every environment it deployed, paged or not: at PagerDuty, resolving a
 * key with no open incident is a no-op, and an incident opened while an earlier run's
 * `pagerduty_environments` differed from this run's is still closed.
 */
function resolveFor(run: PipelineFinished, env: Environment, ctx: NotificationContext): PagerDutyIntent {
  return page(ctx, {
    action: 'resolve',
    application: run.application,
    scope: env,
    summary: `Jetway run of ${run.application} succeeded in ${env}`,
    severity: 'info',
    class: 'pipeline-run-succeeded',
    url: run.urls[env],
    customDetails: { run_id: run.run_id, outcome: run.outcome, trace_id: ctx.traceId },
  });
}

interface PageSpec {
  action: PagerDutyIntent['action'];
  application: string;
  scope: IncidentScope;
  summary: string;
  severity: PagerDutyIntent['severity'];
  class: string;
  url: string | undefined;
  customDetails: Record<string, unknown>;
}

function page(ctx: NotificationContext, spec: PageSpec): PagerDutyIntent {
  const dedupKey = dedupKeyFor(spec.application, spec.scope);
  return {
    channel: 'pagerduty',
    idempotencyKey: idempotencyKeyFor(ctx.eventId, 'pagerduty', spec.action, spec.scope),
    action: spec.action,
    dedupKey,
    summary: truncate(spec.summary, SUMMARY_LIMIT),
    source: spec.url ?? dedupKey,
    severity: spec.severity,
    component: spec.application,
    group: spec.scope,
    class: spec.class,
    customDetails: withoutUndefined(spec.customDetails),
    links: spec.url ? [{ href: spec.url, text: `${spec.application} in ${spec.scope}` }] : [],
  };
}

function webhookFor(run: PipelineFinished, ctx: NotificationContext): WebhookIntent {
  const idempotencyKey = idempotencyKeyFor(ctx.eventId, 'webhook');
  return {
    channel: 'webhook',
    idempotencyKey,
    event: { id: idempotencyKey, type: `dev.jetway.notification.run.${run.outcome}.v1`, time: ctx.time, subject: run.run_id },
    data: withoutUndefined({ ...run, trace_id: ctx.traceId }),
  };
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
