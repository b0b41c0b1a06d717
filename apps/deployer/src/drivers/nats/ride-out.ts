import { untilAvailable } from '@jetway/messaging';

/**
 * How long a read or write made during a deploy rides out JetStream being away (a leader
 * election, a node restarting): most of the effect ledger's 15 s lease, which keeps every other
 * deployer off the step meanwhile, as the ledger's own result write does.
 */
export const RIDE_OUT_MS = 12_000;

/** An object whose every method is asynchronous (a store or a sink the deploy calls). */
type AsyncPort<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/**
 * `port` with every method tried again while JetStream is unavailable, for up to `giveUpAfterMs`.
 * A deploy that started processes must not give its step up over an election: the step's claim
 * would be released and the redelivered trigger would start them again (the chaos suite saw a
 * failing release's instances started twice when a progress publish or a rollout-state write
 * timed out on the cluster). Writes here are idempotent (same key and value, or an event with a
 * deterministic id the duplicate window drops), so a write that landed before its answer was
 * lost is harmless to repeat. Any other error, or unavailability past the limit, throws as before.
 */
export function ridingOut<T extends AsyncPort<T>>(what: string, port: T, onRetry: (message: string) => void, giveUpAfterMs = RIDE_OUT_MS): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        untilAvailable(`${what} ${String(property)}`, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), onRetry, 1_000, giveUpAfterMs);
    },
  });
}
