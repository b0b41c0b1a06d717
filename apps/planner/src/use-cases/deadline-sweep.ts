import { RunId } from '@jetway/contracts';
import type { DeadlineTracker, RunIndex, RunRepository } from './ports';

/** What a sweep found: runs in the store, and those still running (whose live steps are now watched). */
export interface SweepResult {
  readonly runs: number;
  readonly open: number;
}

/**
 * Reads every run in the store and tracks the open ones: at start, the deadlines a planner that
 * was down (or another replica) set off are watched again; a deadline already past fires at once.
 * Reads `parallel` runs at a time.
 */
export async function sweepOpenRuns(index: RunIndex, runs: RunRepository, tracker: DeadlineTracker, parallel = 16): Promise<SweepResult> {
  const ids = (await index.ids()).filter((id) => RunId.safeParse(id).success);
  let next = 0;
  let open = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const stored = await runs.get(ids[i] as string);
      if (stored?.run.status !== 'running') continue;
      open += 1;
      tracker.track(stored.run);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker));
  return { runs: ids.length, open };
}

/**
 * `sweep` until it reads the whole store (a broker that is not answering yet, say), waiting
 * `retryMs` between tries; stops trying once `stopped()` says so.
 */
export async function sweepUntilRead(
  sweep: () => Promise<SweepResult>,
  onFailure: (error: unknown) => void,
  stopped: () => boolean,
  retryMs = 5_000,
): Promise<SweepResult | undefined> {
  while (!stopped()) {
    try {
      return await sweep();
    } catch (error) {
      onFailure(error);
      await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
    }
  }
  return undefined;
}
