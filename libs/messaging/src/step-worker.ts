import { hostname } from 'node:os';
import { stepSubject, type EventInput, type StepRef, type StepOutcome, type StepSubject, type WorkStepKind } from '@jetway/contracts';
import type { z } from 'zod';
import type { MessageMeta } from './consumer-runner';
import { EffectLedger } from './effect-ledger';
import { PermanentError } from './errors';
import { EventPublisher, idOfEvent } from './publisher';
import { describeError } from './settle';
import type { StoredEvents } from './stored-event';

type Finished<K extends WorkStepKind> = EventInput<StepSubject<K, 'finished'>>;
type Timed<K extends WorkStepKind> = StepResult<K> & { duration_ms: number };
/**
 * What a step's work returns: the outcome, a reason unless it succeeded (or, for a success that
 * changed nothing, what it found), the outputs, the step's log, and what else its kind's
 * `finished` carries (a deploy's last rollout move); the worker adds the step, the time and itself.
 */
export type StepResult<K extends WorkStepKind> = Omit<Finished<K>, 'run_id' | 'step_id' | 'attempt' | 'duration_ms' | 'worker'>;

/**
 * What a step's work does beyond JetStream. `outside`: something that must not happen twice (a
 * release's processes started, a plan applied): guarded by a claim in the effect ledger, held
 * until the step's `finished` is stored — that event is the result a redelivery finds
 * (`EffectLedger.onceRecorded`). `repeatable`: nothing that harms when done again (a scan, a probe, a build
 * into its own scratch directory, files that converge by content): no ledger write at all — the
 * `finished` event is the record (its id is the same for every delivery, so JetStream keeps the
 * first within the stream's duplicate window, and the planner applies a step attempt's first
 * `finished` only). Two deliveries at once may both do the work.
 */
export type StepEffects = 'outside' | 'repeatable';

/**
 * How long a step works before its `started` is published. A step done sooner publishes only its
 * `finished` (which names the worker): a `started` is for a step someone may watch running.
 */
export const STARTED_AFTER_MS = 1_000;

/** The effect-ledger key of one step attempt: where a worker of outside effects records the result. */
export function stepEffectKey(kind: WorkStepKind, ref: { run_id: string; step_id: string; attempt: number }): string {
  return `step.${kind}.${ref.run_id}.${ref.step_id}.${ref.attempt}`;
}

/**
 * The worker side of a step: do the work — outside effects once per (run, step, attempt),
 * claimed in the effect ledger, so a redelivery finds the stored `finished` instead of deploying
 * again; repeatable work again on a redelivery, with nothing written but its events — then publish
 * `finished`; `started` only if the work is still going after `startedAfterMs`. A permanent
 * error, or any error on the last delivery, finishes the step (`failed` / `errored`) so the run
 * never waits on a dead letter.
 */
export class StepWorker {
  private readonly worker = `${hostname()}:${process.pid}`;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly ledger: EffectLedger,
    /** Reads a step's `finished` back from JETWAY_EVENTS: an outside effect's record (see `run`). */
    private readonly stored: StoredEvents,
    private readonly startedAfterMs = STARTED_AFTER_MS,
  ) {}

  async run<K extends WorkStepKind>(
    kind: K,
    trigger: z.infer<typeof StepRef>,
    meta: MessageMeta,
    work: () => Promise<StepResult<K>>,
    effects: StepEffects = 'outside',
  ): Promise<void> {
    const ids = { runId: trigger.run_id, stepId: trigger.step_id, attempt: trigger.attempt };
    const ref = { run_id: trigger.run_id, step_id: trigger.step_id, attempt: trigger.attempt };
    const subject = stepSubject(kind, 'finished');
    const announced = this.startLater(() => this.publisher.publish(stepSubject(kind, 'started'), { ...ref, worker: this.worker } as EventInput<StepSubject<K, 'started'>>, ids));
    const publish = async (result: Timed<K>, replayed: boolean) => {
      // A `started` already on its way goes out first, so the stream tells the step in order.
      await announced();
      // A result replayed from the ledger was another delivery's work: this worker did not do it.
      await this.publisher.publish(subject, { ...ref, ...result, ...(!replayed && { worker: this.worker }) } as Finished<K>, ids);
    };
    const begun = Date.now();
    const timed = async (): Promise<Timed<K>> => ({ ...(await work()), duration_ms: Date.now() - begun });
    let result: Timed<K>;
    try {
      if (effects === 'outside') {
        // The claim is the ledger's only write: the `finished` published under it is the result.
        const recorded = async () => this.stored(subject, idOfEvent(subject, ids), new Date(meta.envelope.time)) as Promise<Timed<K> | undefined>;
        await this.ledger.onceRecorded(stepEffectKey(kind, ref), timed, publish, recorded);
        return;
      }
      result = await timed();
    } catch (error) {
      if (!(error instanceof PermanentError) && !meta.lastDelivery) {
        await announced();
        throw error;
      }
      const outcome: StepOutcome = error instanceof PermanentError ? 'failed' : 'errored';
      result = { outcome, reason: describeError(error), duration_ms: Date.now() - begun } as Timed<K>;
    }
    await publish(result, false);
  }

  /**
   * Publishes `started` once the work has run `startedAfterMs`; the returned function stops that
   * (work done sooner) or waits for the publish under way. A `started` that could not be
   * published is only a display lost: the `finished` follows and names the worker.
   */
  private startLater(publish: () => Promise<unknown>): () => Promise<void> {
    let sent: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      sent = publish().catch(() => undefined);
    }, this.startedAfterMs);
    return async () => {
      clearTimeout(timer);
      await sent;
    };
  }
}
