import { isLive, type RunState, type StepState } from '../domain/run-state';

/** A step attempt whose deadline the watch keeps. */
export interface DueStep {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  /** Epoch milliseconds. */
  readonly dueMs: number;
}

/** When a step attempt's deadline falls: its trigger time plus its deadline (as the deadline event states it). */
export function dueMsOf(run: RunState, step: StepState): number {
  return Date.parse(step.triggered_at ?? run.created_at) + step.deadline_seconds * 1000;
}

/** The longest a Node timer can wait (2^31 − 1 ms); a later deadline is re-armed when this fires. */
const MAX_TIMER_MS = 2_147_483_647;

/** The heap is rebuilt from the watched entries once it holds this many and four times as many as are watched. */
const COMPACT_AT = 1_024;

/**
 * The deadlines of the steps this planner set off or saw, in memory: one timer for the earliest.
 * A deadline costs nothing until it is due; only a step still open then produces a deadline event
 * (see RunCoordinator.deadlineDue), where before every step wrote one to JETWAY_EVENTS and held
 * it in the planner's ack-pending, nak'ed until due.
 *
 * `track` may see states out of order (two events of one run applied at once, a sweep reading an
 * older state): it only adds live step attempts and forgets those a state shows finished or
 * superseded, which no later state undoes. A stale entry costs one run read when it falls due.
 * What a planner that was down missed is found by `sweepOpenRuns` (deadline-sweep.ts) at its start.
 */
export class DeadlineWatch {
  private readonly byRun = new Map<string, Map<string, DueStep>>();
  /** Every entry added and not yet due, watched or not any more (a finished step's leaves at its due time or at a compaction). */
  private readonly heap: DueStep[] = [];
  /** Entries in byRun. */
  private live = 0;
  /** Entries handed to `fire`: kept in byRun (not fired again) but out of the heap. */
  private readonly fired = new WeakSet<DueStep>();
  private timer?: NodeJS.Timeout;
  private armedAt?: number;
  private halted = false;
  /**
   * Acts on a due step attempt: true when it published the deadline, false when the step was no
   * longer open; a throw puts it back to be tried again `retryMs` later. Set by `start`.
   */
  private fire?: (due: DueStep) => Promise<boolean>;

  constructor(
    private readonly onError: (due: DueStep, error: unknown) => void,
    private readonly now: () => number = Date.now,
    private readonly retryMs = 1_000,
  ) {}

  /** Deadlines fire from now on (tracked ones included): once the planner's consumers run. */
  start(fire: (due: DueStep) => Promise<boolean>): void {
    this.fire = fire;
    this.arm();
  }

  /** The run as the planner just wrote or read it: its live steps are watched, the finished ones forgotten. */
  track(run: RunState): void {
    if (this.halted) return;
    if (run.status !== 'running') {
      this.live -= this.byRun.get(run.run_id)?.size ?? 0;
      this.byRun.delete(run.run_id);
      return;
    }
    let steps = this.byRun.get(run.run_id);
    for (const step of run.steps) {
      const known = steps?.get(step.step_id);
      if (isLive(step) && step.triggered_at && (!known || known.attempt < step.attempt)) {
        steps ??= this.byRun.set(run.run_id, new Map()).get(run.run_id) as Map<string, DueStep>;
        this.add(steps, { runId: run.run_id, stepId: step.step_id, attempt: step.attempt, dueMs: dueMsOf(run, step) });
      } else if (known && (known.attempt < step.attempt || (known.attempt === step.attempt && step.status === 'finished'))) {
        steps?.delete(step.step_id);
        this.live -= 1;
      }
    }
    if (steps?.size === 0) this.byRun.delete(run.run_id);
  }

  /** Step attempts watched now (for tests and the start-up log). */
  get size(): number {
    return this.live;
  }

  /** Entries the timer heap holds, stale ones included (for tests: it stays within a few times `size`). */
  get pending(): number {
    return this.heap.length;
  }

  get stopped(): boolean {
    return this.halted;
  }

  stop(): void {
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private add(steps: Map<string, DueStep>, due: DueStep): void {
    if (!steps.has(due.stepId)) this.live += 1;
    steps.set(due.stepId, due);
    push(this.heap, due);
    if (this.heap.length > COMPACT_AT && this.heap.length > 4 * this.live) this.compact();
    this.arm();
  }

  /** Drops the heap's stale entries (steps that finished before their deadline): the heap again holds only what may fire. */
  private compact(): void {
    this.heap.length = 0;
    for (const steps of this.byRun.values()) for (const due of steps.values()) if (!this.fired.has(due)) push(this.heap, due);
  }

  /** One timer, for the earliest entry; entries forgotten meanwhile are skipped when they come up. */
  private arm(): void {
    const next = this.heap[0];
    if (this.halted || !this.fire || !next || (this.timer && this.armedAt !== undefined && this.armedAt <= next.dueMs)) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = next.dueMs;
    this.timer = setTimeout(() => this.tick(), Math.min(MAX_TIMER_MS, Math.max(0, next.dueMs - this.now())));
    this.timer.unref();
  }

  private tick(): void {
    const fire = this.fire;
    if (!fire) return;
    this.timer = undefined;
    this.armedAt = undefined;
    const now = this.now();
    while (this.heap[0] && this.heap[0].dueMs <= now) {
      const due = pop(this.heap) as DueStep;
      if (this.byRun.get(due.runId)?.get(due.stepId) !== due) continue;
      this.fired.add(due);
      fire(due).then(
        // Published: the entry stays (a repeated track does not fire it again) until a state shows the step finished.
        (published) => published || this.forget(due),
        (error: unknown) => {
          this.onError(due, error);
          if (this.halted || this.byRun.get(due.runId)?.get(due.stepId) !== due) return;
          this.add(this.byRun.get(due.runId) as Map<string, DueStep>, { ...due, dueMs: this.now() + this.retryMs });
        },
      );
    }
    this.arm();
  }

  private forget(due: DueStep): void {
    const steps = this.byRun.get(due.runId);
    if (steps?.get(due.stepId) !== due) return;
    steps.delete(due.stepId);
    this.live -= 1;
    if (steps.size === 0) this.byRun.delete(due.runId);
  }
}

/** A binary min-heap on dueMs. */
function push(heap: DueStep[], item: DueStep): void {
  heap.push(item);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as DueStep).dueMs <= item.dueMs) break;
    heap[i] = heap[parent] as DueStep;
    heap[parent] = item;
    i = parent;
  }
}

function pop(heap: DueStep[]): DueStep | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  heap[0] = last;
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && (heap[l] as DueStep).dueMs < (heap[m] as DueStep).dueMs) m = l;
    if (r < heap.length && (heap[r] as DueStep).dueMs < (heap[m] as DueStep).dueMs) m = r;
    if (m === i) break;
    [heap[i], heap[m]] = [heap[m] as DueStep, heap[i] as DueStep];
    i = m;
  }
  return top;
}
