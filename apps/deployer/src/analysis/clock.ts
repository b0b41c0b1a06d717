/** Time as the analysis engine sees it: injected, so tests run a whole analysis without waiting. */
export interface AnalysisClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves at `epochMs` (at once when it has passed); rejects with the signal's reason when it aborts first. */
  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The machine's clock and timers. A timer runs on the monotonic clock and may fire a millisecond
 * before the wall clock reaches `epochMs` (observed on a loaded CI machine): it is set again for
 * what is left, so `sleepUntil` never resolves early.
 */
export const systemClock: AnalysisClock = {
  now: () => Date.now(),
  sleepUntil(epochMs, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const arm = () => {
        const left = epochMs - Date.now();
        if (left <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(arm, left);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  },
};
