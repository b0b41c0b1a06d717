import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a NATS/JetStream error means "not now" — a request timed out, no responders (503),
 * no stream leader while a cluster node restarts — rather than "never" (a permission, a bad
 * config), which retrying cannot fix.
 */
export function isUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  const text = `${code} ${String((error as Error)?.message ?? error)}`;
  if (/permission|authori[sz]ation/i.test(text)) return false;
  return /TIMEOUT|\b503\b|no responders|temporarily unavailable|not (yet )?ready|no suitable peers|leader/i.test(text);
}

/**
 * Runs `attempt` until it succeeds or fails for a reason other than unavailability, waiting
 * 250 ms, doubling to `maxDelayMs`, between tries (and giving up after `giveUpAfterMs`). A service booting while the broker (or a
 * quorum of it) is away waits for it instead of exiting.
 */
export async function untilAvailable<T>(
  what: string,
  attempt: () => Promise<T>,
  onRetry: (message: string) => void,
  maxDelayMs = 5_000,
  giveUpAfterMs = Number.POSITIVE_INFINITY,
): Promise<T> {
  const giveUpAt = Date.now() + giveUpAfterMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isUnavailable(error) || Date.now() + delay > giveUpAt) throw error;
      onRetry(`${what}: JetStream unavailable (${String((error as Error)?.message ?? error)}); trying again in ${delay} ms`);
      await sleep(delay);
    }
  }
}
