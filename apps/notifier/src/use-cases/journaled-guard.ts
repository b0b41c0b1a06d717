import type { EffectGuard } from './deliver-each';

/** What this notifier sent, kept on its own disk: asked before a send, written as soon as it is done. */
export interface SendJournal {
  /** The result of `id` sent under `key` by this process or an earlier one on the same journal; undefined when not sent. */
  sent(key: string, id: string): { readonly result: unknown } | undefined;
  /** Keeps the send: known to `sent` at once, written and synced to disk before the promise resolves; a failure is the journal's to report, never thrown. */
  record(key: string, id: string, result: unknown): Promise<void>;
}

/** The id a single effect (`once`) has in the journal. */
const ONLY = '-';

/**
 * The guard with the journal in front of each send. The ledger records a send in the broker; when
 * the broker is down just after a send and the notifier is killed before it is back, that record
 * never lands, and the notice is sent again by whoever takes the claim over. A send in the journal
 * is not: it is answered from there (`replayed`: it was sent, once). Only a takeover by a notifier
 * on the same journal (the same disk) finds it. `onReplay` is told of each send answered so.
 */
export function journaled(guard: EffectGuard, journal: SendJournal | undefined, onReplay: (key: string, id: string) => void = () => undefined): EffectGuard {
  if (!journal) return guard;
  const wrap =
    <T>(key: string, id: string, effect: () => Promise<T>) =>
    async (): Promise<T> => {
      const earlier = journal.sent(key, id);
      if (earlier) {
        onReplay(key, id);
        return earlier.result as T;
      }
      const result = await effect();
      // Not awaited: a send's completion does not wait for the disk, so sends done together are
      // recorded in the ledger together. Until the sync lands (a millisecond or two) a crash
      // repeats the send, the window the ledger's own record has; the journal is for the seconds
      // that record cannot land (NATS down).
      void journal.record(key, id, result);
      return result;
    };
  return {
    once: (key, effect) => guard.once(key, wrap(key, ONLY, effect)),
    onceEach: (key, effects) => guard.onceEach(key, effects.map(({ id, effect }) => ({ id, effect: wrap(key, id, effect) }))),
  };
}
