import { eventId, type PipelineFinished } from '@jetway/contracts';
import { deliverEach, type Delivery, type EffectGuard } from './deliver-each';
import { idempotencyKeyFor } from './idempotency-key';
import type { NotificationChannel, NotificationIntent } from './notification-intent';
import { notificationsFor } from './notifications-for.use-case';
import type { Notifier } from './notifier.port';

/** One driver per channel (an unconfigured channel gets a log-only driver). */
export type Notifiers = { readonly [C in NotificationChannel]: Notifier<C> };

export interface NotifyDeps {
  readonly notifiers: Notifiers;
  readonly guard: EffectGuard;
}

/** What the message adds to the payload: its `ce-time` and the active trace. */
export interface EventFacts {
  readonly time: string;
  readonly traceId?: string;
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
  const id = runFinishedId(run);
  const intents = notificationsFor(run, { eventId: id, ...facts });
  const sends = intents.map((intent) => ({ key: intent.idempotencyKey, send: () => deliver(deps.notifiers, intent) }));
  return deliverEach(deps.guard, idempotencyKeyFor(id), sends, 'notifications');
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
