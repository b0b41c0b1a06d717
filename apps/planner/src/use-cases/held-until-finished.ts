import type { StepStarted } from '@jetway/contracts';

/** How long a note waits for its step's `finished` before it is written on its own. */
export const STARTED_WRITE_DELAY_MS = 1_000;

/** The step attempt a note is about. */
type AttemptRef = Pick<StepStarted, 'run_id' | 'step_id' | 'attempt'>;

/** A note the planner has heard and not yet written: the event, its id, and when it came. */
export interface Held<E extends AttemptRef> {
  readonly event: E;
  readonly eventId: string;
  readonly at: string;
}
export type HeardStart = Held<StepStarted>;

/**
 * Notes that decide nothing and come just before their step's `finished`: not written to the run
 * on arrival (a compare-and-set each), but kept here, folded into the same write as the step's
 * `finished` when that comes within `delayMs`, and written on their own only for a step still
 * open then. Losing one (the planner stops within that second) loses no decision — only what
 * `jetway status` shows until the step finishes — and the event stays in JETWAY_EVENTS.
 */
export class HeldUntilFinished<E extends AttemptRef> {
  private readonly heard = new Map<string, { note: Held<E>; timer: NodeJS.Timeout }>();

  constructor(
    /** Writes a note the finished did not come for in time. */
    private readonly write: (note: Held<E>) => Promise<void>,
    private readonly delayMs = STARTED_WRITE_DELAY_MS,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** Keeps a note until its step's `finished` takes it, or writes it `delayMs` later. */
  hear(event: E, eventId: string, at = this.now()): void {
    const key = keyOf(event);
    if (this.heard.has(key)) return;
    const note = { event, eventId, at };
    const timer = setTimeout(() => {
      this.heard.delete(key);
      void this.write(note);
    }, this.delayMs);
    timer.unref();
    this.heard.set(key, { note, timer });
  }

  /** The note of this step attempt not yet written, taken (its timer stopped) to go with the finished. */
  take(ref: AttemptRef): Held<E> | undefined {
    const key = keyOf(ref);
    const held = this.heard.get(key);
    if (!held) return undefined;
    clearTimeout(held.timer);
    this.heard.delete(key);
    return held.note;
  }

  /** Notes not yet written (for the shutdown to write, and tests to see). */
  get size(): number {
    return this.heard.size;
  }

  /** Writes every held note now (a shutdown), so none is lost to a stop that was asked for. */
  async flush(): Promise<void> {
    const held = [...this.heard.values()];
    this.heard.clear();
    for (const { timer } of held) clearTimeout(timer);
    await Promise.allSettled(held.map(({ note }) => this.write(note)));
  }
}

/**
 * A step's `started`: a triggered and a running step wait, cancel and time out alike; it only
 * tells `jetway status` that a worker took the step.
 */
export class DeferredStarts extends HeldUntilFinished<StepStarted> {}

function keyOf(ref: AttemptRef): string {
  return `${ref.run_id}/${ref.step_id}/${ref.attempt}`;
}
