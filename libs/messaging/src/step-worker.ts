import { hostname } from 'node:os';
import { stepSubject, type EventInput, type StepRef, type StepOutcome, type StepSubject, type WorkStepKind } from '@jetway/contracts';
import type { z } from 'zod';
import type { MessageMeta } from './consumer-runner';
import { EffectLedger } from './effect-ledger';
import { PermanentError } from './errors';
import { EventPublisher } from './publisher';
import { describeError } from './settle';

type Finished<K extends WorkStepKind> = EventInput<StepSubject<K, 'finished'>>;
/**
 * What a step's work returns: the outcome, a reason unless it succeeded (or, for a success that
 * changed nothing, what it found), the outputs, and the Object Store name of the step's log.
 */
export type StepResult<K extends WorkStepKind> = Pick<Finished<K>, 'outcome' | 'reason' | 'outputs' | 'log_object'>;

/**
 * What a step's work does beyond JetStream. `outside`: something that must not happen twice (a
 * release's processes started, a plan applied): guarded by a claim in the effect ledger.
 * `repeatable`: nothing that harms when done again (a scan, a probe, a build into its own scratch
 * directory, files that converge by content): no claim, only the result written once
 * (EffectLedger.repeatable). Two deliveries at once may both do the work; the first result wins.
 */
export type StepEffects = 'outside' | 'repeatable';

/**
 * How long a step works before its `started` is published. A step done sooner publishes only its
 * `finished` (which names the worker): a `started` is for a step someone may watch running.
 */
export const STARTED_AFTER_MS = 1_000;

/** The effect-ledger key of one step attempt: where its worker records the result. */
export function stepEffectKey(kind: WorkStepKind, ref: { run_id: string; step_id: string; attempt: number }): string {
  return `step.${kind}.${ref.run_id}.${ref.step_id}.${ref.attempt}`;
}

/**
 * The worker side of a step: do the work once per (run, step, attempt) —
 * guarded in the effect ledger, so a redelivery replays the stored result instead of building
 * or deploying again (repeatable work: its result recorded, the first one kept) — then publish
 * `finished`; `started` only if the work is still going after `startedAfterMs`. A permanent
 * error, or any error on the last delivery, finishes the step (`failed` / `errored`) so the run
 * never waits on a dead letter.
 */
export class StepWorker {
  private readonly worker = `${hostname()}:${process.pid}`;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly ledger: EffectLedger,
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
    const announced = this.startLater(() => this.publisher.publish(stepSubject(kind, 'started'), { ...ref, worker: this.worker } as EventInput<StepSubject<K, 'started'>>, ids));
    const begun = Date.now();
    let result: StepResult<K> & { duration_ms: number };
    let replayed = false;
    try {
      const timed = async () => ({ ...(await work()), duration_ms: Date.now() - begun });
      const key = stepEffectKey(kind, ref);
      ({ result, replayed } = await (effects === 'outside' ? this.ledger.once(key, timed) : this.ledger.repeatable(key, timed)));
    } catch (error) {
      if (!(error instanceof PermanentError) && !meta.lastDelivery) {
        await announced();
        throw error;
      }
      const outcome: StepOutcome = error instanceof PermanentError ? 'failed' : 'errored';
      result = { outcome, reason: describeError(error), duration_ms: Date.now() - begun } as StepResult<K> & { duration_ms: number };
    }
    // A `started` already on its way goes out first, so the stream tells the step in order.
    await announced();
    // A result replayed from the ledger was another delivery's work: this worker did not do it.
    const finished = { ...ref, ...result, ...(!replayed && { worker: this.worker }) } as Finished<K>;
    await this.publisher.publish(stepSubject(kind, 'finished'), finished, ids);
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
