import type { DriftEvent } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { idempotencyKeyFor, type EffectGuard } from '../use-cases';
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

export interface DriftDelivery {
  readonly sent: number;
  /** Already sent for an earlier copy of the same event: skipped. */
  readonly replayed: number;
}

/**
 * A stack drifted (or is back in sync): one Slack message and one PagerDuty trigger (or resolve),
 * each at most once per event. Claims are keyed by (stack, environment, episode, phase, channel):
 * a redelivery or a republished copy finds its claim done and sends nothing; a failed channel
 * releases its claim, so a retry sends only what did not go out.
 */
export async function deliverDrift(drift: DriftEvent, phase: DriftPhase, time: string, deps: DriftDeps): Promise<DriftDelivery> {
  const notice: DriftNotice = { drift, phase, eventId: driftEventIdOf(drift, phase), time };
  if (deps.configured.length === 0) {
    deps.reachedNobody('drift notice reached nobody: the notifier has no Slack webhook or PagerDuty routing key (set JETWAY_SLACK_WEBHOOK_URL, JETWAY_PAGERDUTY_ROUTING_KEY)', {
      configured: false, stack: drift.stack, environment: drift.environment, episode: drift.episode, phase, changes: drift.changes,
    });
    return { sent: 0, replayed: 0 };
  }
  // Channels are independent: one slow or failing channel neither delays nor repeats the other.
  const outcomes = await Promise.allSettled(
    deps.configured.map((channel) => {
      const key = idempotencyKeyFor(notice.eventId, 'drift', channel);
      return deps.guard.once(key, () => deps.channels.deliver(channel, notice, key).then(() => true).catch((error: unknown) => Promise.reject(named(channel, error))));
    }),
  );
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  if (failures.length > 0) throw failureOf(failures, deps.configured.length);
  const replayed = outcomes.filter((o) => o.status === 'fulfilled' && o.value.replayed).length;
  return { sent: deps.configured.length - replayed, replayed };
}

function named(channel: DriftChannel, error: unknown): Error {
  const message = `${channel}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof PermanentError) return new PermanentError(message, { cause: error });
  return new TransientError(message, { cause: error, retryAfterMs: error instanceof TransientError ? error.retryAfterMs : undefined });
}

/** Retryable if any failure is; the longest Retry-After asked for wins. */
function failureOf(failures: unknown[], total: number): Error {
  const message = `${failures.length} of ${total} drift notices failed: ${failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ')}`;
  const transient = failures.filter((f) => !(f instanceof PermanentError));
  if (transient.length === 0) return new PermanentError(message, { cause: failures[0] });
  const waits = transient.flatMap((f) => (f instanceof TransientError && f.retryAfterMs !== undefined ? [f.retryAfterMs] : []));
  return new TransientError(message, { cause: transient[0], retryAfterMs: waits.length > 0 ? Math.max(...waits) : undefined });
}
