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
import { rolledBackAutomatically, stepWords, storyOf } from './run-story';

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
 *   absent) — an automatic rollback said in words: the criterion that failed against its threshold,
 *   what serves now; other failures only go to Slack, and so does what a person stopped (a cancel,
 *   an operator's abort). A success (a release, or a rollback run) resolves every environment it deployed.
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
    title: `${run.application} ${run.kind === 'rollback' ? `rollback${rollbackWhere(run)} ` : ''}${TITLES[run.outcome]}${where}`,
    application: run.application,
    environments: run.outcome === 'failed' ? scopes.filter((s) => s !== UNSCOPED) : deployed,
    outcome: run.outcome,
    rolledBack,
    runId: run.run_id,
    urls: run.urls,
    ...(run.reason !== undefined && { reason: run.reason }),
    details: storyOf(run),
    ...(ctx.traceId !== undefined && { traceId: ctx.traceId }),
  };
  const triggers = deliberate(run) ? [] : pagedScopes(run, scopes).map((env) => triggerFor(run, env, rolledBack.includes(env), ctx));
  const resolves = deployed.map((env) => resolveFor(run, env, ctx));
  return [slack, ...triggers, ...resolves, webhookFor(run, ctx)];
}

/** A person stopped it (a cancel, or an abort of every rollout that rolled back): Slack tells it, nobody is paged. */
function deliberate(run: PipelineFinished): boolean {
  const bad = run.steps.filter((s) => s.outcome === 'failed' || s.outcome === 'rolled_back' || s.outcome === 'errored');
  return run.cancelled_by !== undefined || (bad.length > 0 && bad.every((s) => s.aborted_by !== undefined));
}

/** ` in production`: where a rollback run rolled back. */
function rollbackWhere(run: PipelineFinished): string {
  const env = run.steps.find((s) => s.kind === 'rollback')?.environment;
  return env ? ` in ${env}` : '';
}

function triggerFor(run: PipelineFinished, env: Environment, rolledBack: boolean, ctx: NotificationContext): PagerDutyIntent {
  const failedSteps = run.steps.filter((s) => s.outcome && s.outcome !== 'succeeded' && s.outcome !== 'skipped');
  const automatic = run.steps.find((s) => s.environment === env && rolledBackAutomatically(s));
  const what = rolledBack ? `rolled back in ${env} (the previous release still serves)` : `failed in ${env}`;
  // An automatic rollback is told in the step's own words (criterion against threshold, what serves now)
  // when the finished event carries them; an event from an older planner only has the run's reason.
  const told = automatic && (automatic.reason !== undefined || automatic.rollout !== undefined);
  const summary = told ? `Jetway run of ${run.application}: ${stepWords(automatic)}` : `Jetway run of ${run.application} ${what}${run.reason ? `: ${run.reason}` : ''}`;
  return page(ctx, {
    action: 'trigger',
    application: run.application,
    scope: env,
    summary,
    severity: severityFor(rolledBack ? 'rolled_back' : 'failed', env),
    class: rolledBack ? 'deploy-rolled-back' : 'pipeline-run-failed',
    url: run.urls[env],
    customDetails: {
      run_id: run.run_id,
      outcome: run.outcome,
      reason: run.reason,
      duration_ms: run.duration_ms,
      failed_steps: failedSteps.map((s) => `${s.step_id}: ${s.outcome}`),
      what_happened: failedSteps.map(stepWords),
      analysis: automatic?.rollout?.analysis,
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
