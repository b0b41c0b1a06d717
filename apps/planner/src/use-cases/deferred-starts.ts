import type { StepStarted } from '@jetway/contracts';

/** How long a step's `started` waits for its `finished` before it is written on its own. */
export const STARTED_WRITE_DELAY_MS = 1_000;

/** A `started` the planner has heard and not yet written: the event, its id, and when it came. */
export interface HeardStart {
  readonly event: StepStarted;
  readonly eventId: string;
  readonly at: string;
}

/**
 * A step's `started` decides nothing: a triggered and a running step wait, cancel and time out
 * alike; it only tells `jetway status` that a worker took the step. So it is not written to the
 * run on arrival (a compare-and-set per step): it is kept here, folded into the same write as the
 * step's `finished` when that comes within `delayMs`, and written on its own only for a step
 * still running then. Losing one (the planner stops within that second) loses no decision: the
 * step shows `triggered` until it finishes, and the event stays in JETWAY_EVENTS.
 */
export class DeferredStarts {
  private readonly heard = new Map<string, { start: HeardStart; timer: NodeJS.Timeout }>();

  constructor(
    /** Writes a start the finished did not come for in time. */
    private readonly write: (start: HeardStart) => Promise<void>,
    private readonly delayMs = STARTED_WRITE_DELAY_MS,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** Keeps a `started` until its step's `finished` takes it, or writes it `delayMs` later. */
  hear(event: StepStarted, eventId: string, at = this.now()): void {
    const key = keyOf(event);
    if (this.heard.has(key)) return;
    const start = { event, eventId, at };
    const timer = setTimeout(() => {
      this.heard.delete(key);
      void this.write(start);
    }, this.delayMs);
    timer.unref();
    this.heard.set(key, { start, timer });
  }

  /** The start of this step attempt not yet written, taken (its timer stopped) to go with the finished. */
  take(ref: Pick<StepStarted, 'run_id' | 'step_id' | 'attempt'>): HeardStart | undefined {
    const key = keyOf(ref);
    const held = this.heard.get(key);
    if (!held) return undefined;
    clearTimeout(held.timer);
    this.heard.delete(key);
    return held.start;
  }

  /** Starts not yet written (for the shutdown to write, and tests to see). */
  get size(): number {
    return this.heard.size;
  }

  /** Writes every held start now (a shutdown), so none is lost to a stop that was asked for. */
  async flush(): Promise<void> {
    const held = [...this.heard.values()];
    this.heard.clear();
    for (const { timer } of held) clearTimeout(timer);
    await Promise.allSettled(held.map(({ start }) => this.write(start)));
  }
}

function keyOf(ref: Pick<StepStarted, 'run_id' | 'step_id' | 'attempt'>): string {
  return `${ref.run_id}/${ref.step_id}/${ref.attempt}`;
}
