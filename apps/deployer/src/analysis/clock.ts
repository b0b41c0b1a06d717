/** Time as the analysis engine sees it: injected, so tests run a whole analysis without waiting. */
export interface AnalysisClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves at `epochMs` (at once when it has passed); rejects with the signal's reason when it aborts first. */
  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void>;
}

/** The machine's clock and timers. */
export const systemClock: AnalysisClock = {
  now: () => Date.now(),
  sleepUntil(epochMs, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, epochMs - Date.now()));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
