import { sweepOpenRuns, sweepUntilRead } from './deadline-sweep';
import type { DeadlineWatch } from './deadline-watch';
import type { DeferredStarts } from './held-until-finished';
import type { RunIndex, RunRepository } from './ports';
import type { RunCoordinator } from './run-coordinator.use-case';

/** The two log levels the start and the stop write (the service's JsonLogger). */
export interface LifecycleLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LifecycleParts {
  /** Publishes a deadline that fell due (RunCoordinator.deadlineDue). */
  readonly coordinator: Pick<RunCoordinator, 'deadlineDue'>;
  readonly deadlines: DeadlineWatch;
  /** The starts held back (use-cases/held-until-finished): written at a stop. */
  readonly starts: Pick<DeferredStarts, 'flush'>;
  /** The run store, read once at start for the open runs. */
  readonly runs: RunIndex & RunRepository;
  readonly log: LifecycleLog;
}

/**
 * What the planner does around its consumers' life: the deadline watch and its start-up sweep,
 * and the starts still held at a stop. Nest calls the two methods by name (its lifecycle hooks);
 * nothing here imports Nest. Stopping the watch and writing the held starts stay in one hook:
 * Nest runs a module's shutdown hooks all at once, so two hooks could not keep the watch
 * stopping first.
 */
export class PlannerLifecycle {
  constructor(private readonly parts: LifecycleParts) {}

  /**
   * Deadlines fire from now on; the open runs in the store are read once, for the steps set off
   * before this planner started. Returns at once: the read is tried again until it succeeds (or
   * the planner stops) without holding up the start.
   */
  onApplicationBootstrap(): void {
    const { coordinator, deadlines, runs, log } = this.parts;
    deadlines.start((due) => coordinator.deadlineDue(due));
    void sweepUntilRead(
      () => sweepOpenRuns(runs, runs, deadlines),
      (error) => log.error('could not read the run store for the open runs\' deadlines; reading it again in 5 s', { error: String(error) }),
      () => deadlines.stopped,
    ).then((found) => found && log.info('watching the deadlines of the open runs in the store', { ...found, steps: deadlines.size }));
  }

  /**
   * A stop that was asked for writes the starts still held; no deadline fires after
   * it. The watch stops first, so none fires while they are written.
   */
  async onApplicationShutdown(): Promise<void> {
    this.parts.deadlines.stop();
    await this.parts.starts.flush();
  }
}
