import type { DriftEvent } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { deliverEach, idempotencyKeyFor, type Delivery, type EffectGuard } from '../use-cases';
import { driftEventIdOf, type DriftNotice, type DriftPhase } from './drift-notice';

/** Where drift goes: the notifier's own Slack webhook and PagerDuty service. */
export type DriftChannel = 'slack' | 'pagerduty';

/**
 * Delivers one drift notice to one channel. Resolves once the remote accepted it; rejects with
 * `TransientError` when a retry may help, `PermanentError` when not. Does not deduplicate: the
 * caller claims `idempotencyKey` first.
 */
export interface DriftChannels {
  deliver(channel: DriftChannel, notice: DriftNotice, idempotencyKey: string): Promise<void>;
}

export interface DriftDeps {
  readonly channels: DriftChannels;
  readonly guard: EffectGuard;
  /** The channels configured (JETWAY_SLACK_WEBHOOK_URL, JETWAY_PAGERDUTY_ROUTING_KEY). */
  readonly configured: readonly DriftChannel[];
  /** Told of a drift event no channel takes: one line, as an unconfigured run notification is logged. */
  readonly reachedNobody: (line: string, fields: Record<string, unknown>) => void;
}

export type DriftDelivery = Delivery;

/**
 * A stack drifted (or is back in sync): one Slack message and one PagerDuty trigger (or resolve),
 * each at most once per event. One claim per (stack, environment, episode, phase) records each
 * channel's send: a redelivery or a republished copy finds them done and sends nothing; a retry
 * after a failed channel sends only what did not go out.
 */
export async function deliverDrift(drift: DriftEvent, phase: DriftPhase, time: string, deps: DriftDeps): Promise<DriftDelivery> {
  const notice: DriftNotice = { drift, phase, eventId: driftEventIdOf(drift, phase), time };
  if (deps.configured.length === 0) {
    deps.reachedNobody('drift notice reached nobody: the notifier has no Slack webhook or PagerDuty routing key (set JETWAY_SLACK_WEBHOOK_URL, JETWAY_PAGERDUTY_ROUTING_KEY)', {
      configured: false, stack: drift.stack, environment: drift.environment, episode: drift.episode, phase, changes: drift.changes,
    });
    return { sent: 0, replayed: 0 };
  }
  const sends = deps.configured.map((channel) => {
    const key = idempotencyKeyFor(notice.eventId, 'drift', channel);
    return { key, send: () => deps.channels.deliver(channel, notice, key).catch((error: unknown) => Promise.reject(named(channel, error))) };
  });
  return deliverEach(deps.guard, idempotencyKeyFor(notice.eventId, 'drift'), sends, 'drift notices');
}

function named(channel: DriftChannel, error: unknown): Error {
  const message = `${channel}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof PermanentError) return new PermanentError(message, { cause: error });
  return new TransientError(message, { cause: error, retryAfterMs: error instanceof TransientError ? error.retryAfterMs : undefined });
}
