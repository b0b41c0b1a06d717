import type { RunState } from '../domain/run-state';

/**
 * How many live runs the planner keeps as it last wrote them; the least recently used is
 * forgotten first. A run record is 3–4 KB of JSON, up to ~40 KB when every step keeps a 4 KiB
 * log inline: 256 of them stay within ~10–30 MB of heap at worst, and cover the runs a burst of
 * 100 keeps open. Past that (10,000 open runs) most events read their run as before.
 */
export const RECENT_RUNS_KEEP = 256;

export interface StoredRun {
  run: RunState;
  revision: number;
}

/**
 * The runs this planner last wrote or read, with their KV revision, so the next event of a run
 * goes straight to its compare-and-set instead of reading the run first. It is a guess, never the
 * truth: the write is what checks it (a run another replica wrote since fails the compare-and-set
 * and is read again), and a decision taken without a write is taken on the stored run
 * (RunCoordinator.applyOnce). Bounded: the least recently used run is dropped past `keep`.
 */
export class RecentRuns {
  private readonly runs = new Map<string, StoredRun>();

  constructor(private readonly keep = RECENT_RUNS_KEEP) {}

  get(runId: string): StoredRun | undefined {
    const stored = this.runs.get(runId);
    if (stored) {
      this.runs.delete(runId);
      this.runs.set(runId, stored);
    }
    return stored;
  }

  /**
   * Keeps a running run, unless a newer revision of it is kept already (a read that answered
   * before this process's own write landed); a run that ended gets no more events worth a
   * shortcut, so it is forgotten.
   */
  remember(stored: StoredRun): void {
    const kept = this.runs.get(stored.run.run_id);
    if (kept && kept.revision > stored.revision) return;
    this.runs.delete(stored.run.run_id);
    if (stored.run.status !== 'running') return;
    this.runs.set(stored.run.run_id, stored);
    if (this.runs.size > this.keep) this.runs.delete(this.runs.keys().next().value as string);
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }

  get size(): number {
    return this.runs.size;
  }
}
