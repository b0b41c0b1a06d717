import type { NotificationChannel, NotificationIntent } from './notification-intent';

/**
 * Delivers one notification intent to an outside service (Slack, PagerDuty, a webhook).
 *
 * Semantics of `send`:
 * - resolves once the remote side accepted the intent;
 * - rejects with `TransientError` (from `@jetway/messaging`) when retrying later may help
 *   (timeouts, network errors, HTTP 429 / 5xx; `retryAfterMs` set when the remote asked for a delay);
 * - rejects with `PermanentError` when it cannot (the remote refused the payload or credentials),
 *   saying what the remote answered.
 *
 * A driver does not deduplicate: the caller claims `intent.idempotencyKey` before calling `send`.
 */
export interface Notifier<C extends NotificationChannel = NotificationChannel> {
  readonly channel: C;
  send(intent: Extract<NotificationIntent, { channel: C }>): Promise<void>;
}
