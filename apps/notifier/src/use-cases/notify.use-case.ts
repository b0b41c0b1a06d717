import { eventId, type DeployFinished, type PipelineFinished } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import type { NotificationChannel, NotificationIntent } from './notification-intent';
import { notificationsFor, type NotifiableEvent } from './notifications-for.use-case';
import type { Notifier } from './notifier.port';
import type { RunScopes } from './run-scopes.port';

/** One driver per channel (an unconfigured channel gets a log-only driver). */
export type Notifiers = { readonly [C in NotificationChannel]: Notifier<C> };

/**
 * Runs an effect at most once per key (the effect ledger): a key already done is replayed, not
 * repeated; a failed effect releases its key so a retry runs it again.
 */
export interface EffectGuard {
  once<T>(key: string, effect: () => Promise<T>): Promise<{ result: T; replayed: boolean }>;
}

export interface NotifyDeps {
  readonly notifiers: Notifiers;
  readonly guard: EffectGuard;
  readonly scopes: RunScopes;
}

/** What the message adds to the payload: its `ce-time` and the active trace. */
export interface EventFacts {
  readonly time: string;
  readonly traceId?: string;
}

export interface Delivery {
  readonly sent: number;
  /** Already sent for an earlier delivery of the same event: skipped. */
  readonly replayed: number;
}

// Idempotency keys derive from what happened (the run, or the run/step/attempt of a deploy), not
// from the message id: a copy republished with a new id (a replay, a publisher retry outside
// the duplicate window) still maps to the same keys and posts nothing twice. These are the ids
// EventPublisher derives for these subjects.
const runFinishedId = (run: PipelineFinished) => eventId({ runId: run.run_id, event: 'pipeline-finished' });
const deployFinishedId = (d: DeployFinished) =>
  eventId({ runId: d.run_id, stepId: d.step_id, attempt: d.attempt, event: 'step-deploy-finished' });

/**
 * A run ended: Slack, PagerDuty and webhook notifications, each sent once. Open incidents are not
 * tracked: a success resolves every environment it deployed to (a resolve without an open
 * incident is a no-op at PagerDuty), which needs no state and cannot drift from PagerDuty's.
 */
export function notifyRunFinished(run: PipelineFinished, facts: EventFacts, deps: NotifyDeps): Promise<Delivery> {
  return send({ type: 'pipeline.finished', payload: run }, runFinishedId(run), facts, deps);
}

/**
 * A deploy ended. Only a rollback is news (a success or failure is told by the run's outcome);
 * its application and environment are asked of the planner, which is not asked otherwise.
 */
export async function notifyDeployFinished(deploy: DeployFinished, facts: EventFacts, deps: NotifyDeps): Promise<Delivery> {
  if (deploy.outcome !== 'rolled_back') return { sent: 0, replayed: 0 };
  const { application, environment } = await deps.scopes.scopeOf(deploy.run_id, deploy.step_id);
  return send({ type: 'step.deploy.finished', payload: deploy, application, environment }, deployFinishedId(deploy), facts, deps);
}

async function send(event: NotifiableEvent, id: string, facts: EventFacts, deps: NotifyDeps): Promise<Delivery> {
  const intents = notificationsFor(event, { eventId: id, ...facts });
  // Channels are independent: one slow or failing channel neither delays nor repeats the others.
  const outcomes = await Promise.allSettled(
    intents.map((intent) => deps.guard.once(intent.idempotencyKey, () => deliver(deps.notifiers, intent))),
  );
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  if (failures.length > 0) throw failureOf(failures, intents.length);
  const replayed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.replayed).length;
  return { sent: intents.length - replayed, replayed };
}

async function deliver(notifiers: Notifiers, intent: NotificationIntent): Promise<true> {
  switch (intent.channel) {
    case 'slack':
      await notifiers.slack.send(intent);
      break;
    case 'pagerduty':
      await notifiers.pagerduty.send(intent);
      break;
    case 'webhook':
      await notifiers.webhook.send(intent);
      break;
  }
  return true;
}

/** Retryable if any failure is: a retry re-sends only the notifications that did not go out. */
function failureOf(failures: unknown[], total: number): Error {
  const message = `${failures.length} of ${total} notifications failed: ${failures.map((f) => String(f)).join('; ')}`;
  const transient = failures.filter((f) => !(f instanceof PermanentError));
  if (transient.length === 0) return new PermanentError(message, { cause: failures[0] });
  const waits = transient.flatMap((f) => (f instanceof TransientError && f.retryAfterMs !== undefined ? [f.retryAfterMs] : []));
  return new TransientError(message, { cause: transient[0], retryAfterMs: waits.length > 0 ? Math.max(...waits) : undefined });
}
