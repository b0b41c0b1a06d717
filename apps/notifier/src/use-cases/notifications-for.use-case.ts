import type { DeployFinished, Environment, PipelineFinished } from '@jetway/contracts';
import { idempotencyKeyFor } from './idempotency-key';
import {
  dedupKeyFor,
  deployedEnvironments,
  failedScopes,
  severityFor,
  UNSCOPED,
  type IncidentScope,
} from './incident-scope';
import type { NotificationIntent, PagerDutyIntent, SlackIntent, WebhookIntent } from './notification-intent';

/** The events the notifier reacts to. A deploy event lacks application/environment: the caller adds them. */
export type NotifiableEvent =
  | { readonly type: 'pipeline.finished'; readonly payload: PipelineFinished }
  | {
      readonly type: 'step.deploy.finished';
      readonly payload: DeployFinished;
      readonly application: string;
      readonly environment: Environment;
    };

export interface NotificationContext {
  /** The `ce-id` of the event handled; every intent's idempotency key derives from it. */
  readonly eventId: string;
  /** The `ce-time` of the event handled; becomes the webhook CloudEvent's time. */
  readonly time: string;
  readonly traceId?: string;
  /**
   * Dedup keys with an open PagerDuty incident, if the caller tracks them. When given, a success
   * resolves only those; when absent, it resolves every environment it deployed (a resolve with
   * no open incident is a no-op at PagerDuty).
   */
  readonly openIncidents?: ReadonlySet<string>;
}

const SUMMARY_LIMIT = 1024;
const TITLES = { succeeded: '✅ succeeded', failed: '❌ failed', rejected: '⛔ rejected', rolled_back: '↩️ rolled back' };

/**
 * What to tell whom about one event: a Slack message for every run outcome and every rollback,
 * a PagerDuty trigger for a failed run or a rollback, a resolve when the (application,
 * environment) next succeeds, and a CloudEvent for webhook subscribers. Pure: no I/O.
 */
export function notificationsFor(event: NotifiableEvent, ctx: NotificationContext): NotificationIntent[] {
  return event.type === 'pipeline.finished'
    ? forRunFinished(event.payload, ctx)
    : forDeployFinished(event.payload, event.application, event.environment, ctx);
}

function forRunFinished(run: PipelineFinished, ctx: NotificationContext): NotificationIntent[] {
  const envs = run.outcome === 'succeeded' ? deployedEnvironments(run) : [];
  const scopes = run.outcome === 'failed' ? failedScopes(run) : [];
  const slack: SlackIntent = {
    channel: 'slack',
    idempotencyKey: idempotencyKeyFor(ctx.eventId, 'slack'),
    title: `${run.application} ${TITLES[run.outcome]}`,
    application: run.application,
    environments: run.outcome === 'failed' ? scopes.filter((s) => s !== UNSCOPED) : envs,
    outcome: run.outcome,
    runId: run.run_id,
    urls: run.urls,
    ...(run.reason !== undefined && { reason: run.reason }),
    ...(ctx.traceId !== undefined && { traceId: ctx.traceId }),
  };
  const pages = scopes.map((scope) => runFailedPage(run, scope, ctx));
  const resolves = run.outcome === 'succeeded' ? resolvesFor(run, envs, ctx) : [];
  return [slack, ...pages, ...resolves, webhookFor(`run.${run.outcome}`, run.run_id, { ...run }, ctx)];
}

function runFailedPage(run: PipelineFinished, scope: IncidentScope, ctx: NotificationContext): PagerDutyIntent {
  const where = scope === UNSCOPED ? '' : ` in ${scope}`;
  const failedSteps = run.steps.filter((s) => s.outcome && s.outcome !== 'succeeded' && s.outcome !== 'skipped');
  return page(ctx, {
    action: 'trigger',
    application: run.application,
    scope,
    summary: `Jetway run of ${run.application} failed${where}${run.reason ? `: ${run.reason}` : ''}`,
    severity: severityFor('failed', scope),
    class: 'pipeline-run-failed',
    url: scope === UNSCOPED ? undefined : run.urls[scope],
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

function resolvesFor(run: PipelineFinished, envs: Environment[], ctx: NotificationContext): PagerDutyIntent[] {
  const open = ctx.openIncidents;
  const scopes: IncidentScope[] = open?.has(dedupKeyFor(run.application, UNSCOPED)) ? [...envs, UNSCOPED] : envs;
  return scopes
    .filter((scope) => !open || open.has(dedupKeyFor(run.application, scope)))
    .map((scope) =>
      page(ctx, {
        action: 'resolve',
        application: run.application,
        scope,
        summary: `Jetway run of ${run.application} succeeded${scope === UNSCOPED ? '' : ` in ${scope}`}`,
        severity: 'info',
        class: 'pipeline-run-succeeded',
        url: scope === UNSCOPED ? undefined : run.urls[scope],
        customDetails: { run_id: run.run_id, outcome: run.outcome, trace_id: ctx.traceId },
      }),
    );
}

function forDeployFinished(
  deploy: DeployFinished,
  application: string,
  environment: Environment,
  ctx: NotificationContext,
): NotificationIntent[] {
  if (deploy.outcome !== 'rolled_back') return [];
  const url = deploy.outputs?.release.url;
  const slack: SlackIntent = {
    channel: 'slack',
    idempotencyKey: idempotencyKeyFor(ctx.eventId, 'slack'),
    title: `${application} ${TITLES.rolled_back} in ${environment}`,
    application,
    environments: [environment],
    outcome: 'rolled_back',
    runId: deploy.run_id,
    urls: url ? { [environment]: url } : {},
    ...(deploy.reason !== undefined && { reason: deploy.reason }),
    ...(ctx.traceId !== undefined && { traceId: ctx.traceId }),
  };
  const trigger = page(ctx, {
    action: 'trigger',
    application,
    scope: environment,
    summary: `Jetway rolled back ${application} in ${environment}${deploy.reason ? `: ${deploy.reason}` : ''}`,
    severity: severityFor('rolled_back', environment),
    class: 'deploy-rolled-back',
    url,
    customDetails: { run_id: deploy.run_id, step_id: deploy.step_id, attempt: deploy.attempt, reason: deploy.reason },
  });
  const data = { ...deploy, application, environment };
  return [slack, trigger, webhookFor('deploy.rolled_back', deploy.run_id, data, ctx)];
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

function webhookFor(what: string, runId: string, data: Record<string, unknown>, ctx: NotificationContext): WebhookIntent {
  const idempotencyKey = idempotencyKeyFor(ctx.eventId, 'webhook');
  return {
    channel: 'webhook',
    idempotencyKey,
    event: { id: idempotencyKey, type: `dev.jetway.notification.${what}.v1`, time: ctx.time, subject: runId },
    data: withoutUndefined({ ...data, trace_id: ctx.traceId }),
  };
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
