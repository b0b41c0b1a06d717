import { createHash } from 'node:crypto';

/**
 * A deterministic key for one intent of one event: the same event id and intent always give the
 * same key. The event id is hashed so the key is a valid NATS KV key whatever the id contains.
 */
export function idempotencyKeyFor(eventId: string, ...intent: string[]): string {
  const digest = createHash('sha256').update(eventId).digest('hex').slice(0, 32);
  return ['notify', digest, ...intent].join('.');
}
