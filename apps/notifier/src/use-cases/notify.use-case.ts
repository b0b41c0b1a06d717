import { eventId, type PipelineFinished } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import type { NotificationChannel, NotificationIntent } from './notification-intent';
import { notificationsFor } from './notifications-for.use-case';
import type { Notifier } from './notifier.port';

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

// Idempotency keys derive from what happened (the run), not from the message id: a copy
// republished with a new id (a replay, a publisher retry outside the duplicate window) still maps
// to the same keys and posts nothing twice. This is the id EventPublisher derives for the subject.
const runFinishedId = (run: PipelineFinished) => eventId({ runId: run.run_id, event: 'pipeline-finished' });

/**
 * A run ended: its Slack, PagerDuty and webhook notifications, each sent once. The finished
 * event says everything needed (steps with outcome and environment, the reason, whom to page),
 * so the notifier asks nobody; a rollback is told here, not by the deploy step's own event.
 */
export async function notifyRunFinished(run: PipelineFinished, facts: EventFacts, deps: NotifyDeps): Promise<Delivery> {
  const intents = notificationsFor(run, { eventId: runFinishedId(run), ...facts });
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
