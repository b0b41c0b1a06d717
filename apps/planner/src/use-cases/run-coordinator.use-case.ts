import type { ApprovalDecided, OperatorDecided, PipelineRequest } from '@jetway/contracts';
import { operatorSigningText } from '@jetway/contracts';
import { deadlineFor, emitsFor } from '../domain/outbox';
import { definitionOf } from '../pipelines';
import { applyDeadline, applyDecision, applyRecordedFinish, completeIfDone, createRun, endRun, markFinished, markTriggered, openApproval, readySteps } from '../domain/progress';
import { applyOperatorDecision } from '../domain/operator';
import { APPLIED_KEEP, findStep, isLive, type RunState, type StepState } from '../domain/run-state';
import type { DueStep } from './deadline-watch';
import { RecentRuns } from './recent-runs';
import type { ApproverKeys, AttestationReader, Clock, DeadlineTracker, EventSink, ReleaseHistory, RequestIndex, RunObserver, RunRepository, StepRecords } from './ports';

/** How often an event is applied again in-process when the run changed under it. */
const CAS_ATTEMPTS = 5;
const STALE = Symbol('stale revision');
/** The run this planner remembered was not enough to decide on: read it from the store and apply again. */
const REREAD = Symbol('read the stored run');

export interface CoordinatorPorts {
  runs: RunRepository;
  requests: RequestIndex;
  attestations: AttestationReader;
  approvers: ApproverKeys;
  /** What served where (KV jetway-releases history): a definition's `authorize` reads it. */
  releases: ReleaseHistory;
  steps: StepRecords;
  events: EventSink;
  /** Told every run state the coordinator acts on, so the deadlines of its live steps are kept. */
  deadlines: DeadlineTracker;
  observer: RunObserver;
  clock: Clock;
  newRunId: () => string;
}

/**
 * The planner's one job: apply an event to a run, set off whatever became ready (after its
 * gate), and publish what that implies. Every change is a compare-and-set on the run; an event
 * already applied is not applied again but its consequences are republished (same ids).
 */
export class RunCoordinator {
  /** The runs this planner last wrote or read: an event's first attempt starts from there. */
  private readonly recent = new RecentRuns();

  constructor(private readonly ports: CoordinatorPorts) {}

  /**
   * A new request: one run per idempotency key, refused up front when policy says no. `ignored`
   * are the fields the request carried that this planner's contract does not know (a newer
   * publisher's optional fields, or typos a publisher did not catch): noted on the run, not lost.
   */
  async requested(request: PipelineRequest, traceparent: string | undefined, ignored: readonly string[] = []): Promise<string> {
    const { runs, requests, clock } = this.ports;
    const fresh = this.ports.newRunId();
    const runId = await requests.claim(request.idempotency_key, fresh);
    // A key this call claimed names a run id nobody has used: there is no run to look for first.
    const existing = runId === fresh ? undefined : await runs.get(runId);
    if (existing) return this.resume(existing.run);
    const now = clock.now();
    const created = createRun({ runId, request, now, traceparent, ignored });
    const definition = definitionOf(request);
    const refusal = definition.check(request as never) ?? (await definition.authorize?.(request as never, this.ports));
    const run = refusal ? endRun(created, 'rejected', now, refusal) : await this.advance(created);
    const revision = await runs.create(run);
    if (revision === false) {
      // Stored meanwhile (the same request handled twice at once): answer as for a stored run.
      const stored = await runs.get(runId);
      return stored ? this.resume(stored.run) : runId;
    }
    this.recent.remember({ run, revision });
    const emits = emitsFor(undefined, run);
    this.watchDeadlines(run);
    await this.publish(emits, run);
    this.observe(undefined, run);
    return runId;
  }

  /** A request for a run already stored: its deadlines watched, its consequences republished (same ids). */
  private async resume(run: RunState): Promise<string> {
    const emits = emitsFor(undefined, run);
    this.watchDeadlines(run);
    await this.publish(emits, run);
    return run.run_id;
  }

  /**
   * Applies one event (by id) to a run; `change` is a pure transition from domain/progress. A
   * compare-and-set conflict (another planner replica wrote the run meanwhile) re-reads and applies
   * again here, up to CAS_ATTEMPTS times, instead of spending one of the message's deliveries.
   * The first attempt starts from the run as this planner last wrote it (RecentRuns), if it has it.
   */
  async apply(runId: string, eventId: string, change: (run: RunState, now: string) => RunState): Promise<RunState | undefined> {
    for (let attempt = 1, remembered = true; ; attempt += 1, remembered = false) {
      const result = await this.applyOnce(runId, eventId, change, remembered);
      if (result !== STALE && result !== REREAD) return result;
      if (attempt >= CAS_ATTEMPTS) throw new Error(`run ${runId} kept changing under ${CAS_ATTEMPTS} attempts to apply ${eventId}; trying the message again later`);
    }
  }

  /**
   * One attempt. From a remembered run only a write decides: the compare-and-set proves the run
   * unchanged since. A remembered run that would decide without a write (the event is already
   * applied, or changes nothing) may be behind the store, so the stored run is read (REREAD).
   */
  private async applyOnce(runId: string, eventId: string, change: (run: RunState, now: string) => RunState, useRemembered: boolean): Promise<RunState | undefined | typeof STALE | typeof REREAD> {
    const remembered = useRemembered ? this.recent.get(runId) : undefined;
    const stored = remembered ?? (await this.read(runId));
    if (!stored) return undefined;
    const before = stored.run;
    if (before.applied.includes(eventId)) {
      if (remembered) return REREAD;
      const emits = emitsFor(undefined, before, this.ports.clock.now());
      this.watchDeadlines(before);
      await this.publish(emits, before);
      return before;
    }
    const now = this.ports.clock.now();
    const transitioned = change(before, now);
    // Nothing to record (the due timer of a finished step, a late started): no write, no CAS conflict.
    if (transitioned === before) return remembered ? REREAD : before;
    const changed = completeIfDone(await this.advance(transitioned), now);
    const after = { ...changed, applied: [...before.applied, eventId].slice(-APPLIED_KEEP) };
    const revision = await this.ports.runs.update(after, stored.revision);
    if (revision === false) {
      this.recent.forget(runId);
      return STALE;
    }
    this.recent.remember({ run: after, revision });
    const emits = emitsFor(before, after);
    this.watchDeadlines(after);
    await this.publish(emits, after);
    this.observe(before, after);
    return after;
  }

  /** An approval decision, applied only once it is proven to come from the approver it names. */
  async decided(runId: string, eventId: string, decision: ApprovalDecided): Promise<RunState | undefined> {
    const authentication = await this.ports.approvers.authenticate(decision);
    return this.apply(runId, eventId, (run, now) => applyDecision(run, decision, now, authentication));
  }

  /**
   * An operator's promote, abort or cancel, applied only once its signature verifies with the
   * enrolled key of the operator it names; `applyOperatorDecision` checks the run's policy and state.
   */
  async operatorDecided(runId: string, eventId: string, decision: OperatorDecided): Promise<RunState | undefined> {
    const { signature, ...unsigned } = decision;
    const authentication = await this.ports.approvers.verify(decision.approver, operatorSigningText(unsigned), signature, `${decision.action} decision`);
    return this.apply(runId, eventId, (run, now) => applyOperatorDecision(run, unsigned, now, authentication));
  }

  /**
   * A step attempt's deadline. Before failing the run, look for what the worker recorded (its
   * effect ledger, or its finished event in the stream): a replicated consumer of nats-server 2.9
   * can lose a delivery across a leader change (nats-server#6469, #6566), so a step may be done
   * while its finished event never reached the planner.
   */
  async deadline(runId: string, eventId: string, ref: { step_id: string; attempt: number }): Promise<RunState | undefined> {
    const stored = await this.ports.runs.get(runId);
    const step = stored && findStep(stored.run, ref.step_id);
    const recorded =
      step && step.kind !== 'approval' && step.status !== 'finished' && step.attempt === ref.attempt
        ? await this.ports.steps.recorded(step.kind, { run_id: runId, ...ref }, step.triggered_at ?? stored.run.created_at)
        : undefined;
    let recovered = false;
    const after = await this.apply(runId, eventId, (run, now) => {
      if (!recorded) return applyDeadline(run, ref, now);
      const next = applyRecordedFinish(run, recorded, now);
      recovered = next !== run;
      return next;
    });
    if (after && recovered) this.ports.observer.stepRecovered(after, ref.step_id);
    return after;
  }

  /**
   * A watched deadline fell due. A step attempt still open gets its deadline event, which the
   * planner then applies (`deadline`) like any other: JETWAY_EVENTS keeps the timeout, and a
   * replica or a restarted planner publishing the same deadline again is dropped by its id.
   * A step that finished meanwhile costs this read and nothing else.
   */
  async deadlineDue(due: DueStep): Promise<boolean> {
    const stored = await this.ports.runs.get(due.runId);
    const step = stored && findStep(stored.run, due.stepId);
    if (!stored || stored.run.status !== 'running' || !step || step.attempt !== due.attempt || !isLive(step)) return false;
    await this.ports.events.publish(stored.run.run_id, deadlineFor(stored.run, step));
    return true;
  }

  /** The run as stored, remembered for its next event. */
  private async read(runId: string) {
    const stored = await this.ports.runs.get(runId);
    if (stored) this.recent.remember(stored);
    else this.recent.forget(runId);
    return stored;
  }

  /** Sets off every ready step, through its gate; repeats while auto-approvals unlock more. */
  private async advance(start: RunState): Promise<RunState> {
    let run = start;
    for (let ready = readySteps(run); ready.length > 0 && run.status === 'running'; ready = readySteps(run)) {
      for (const step of ready) run = await this.setOff(run, step.step_id);
    }
    return completeIfDone(run, this.ports.clock.now());
  }

  private async setOff(before: RunState, stepId: string): Promise<RunState> {
    const now = this.ports.clock.now();
    const step = findStep(before, stepId);
    if (!step || before.status !== 'running') return before;
    const opened = step.kind === 'approval' ? openApproval(before, step, now) : undefined;
    // An approval decided at once (approved by policy, or refused) needs no trigger.
    if (opened && (opened.status !== 'running' || findStep(opened, stepId)?.status === 'finished')) return opened;
    const run = opened ?? before;
    const definition = definitionOf(run.request);
    const refusal = (await definition.gate(run as never, step, this.ports.attestations)) ?? cannotTrigger(definition, run, step);
    if (refusal) return endRun(markFinished(run, step, 'failed', refusal, now), 'failed', now, refusal);
    return markTriggered(run, step, now);
  }

  /**
   * The run as stored (or found already stored): its live steps' deadlines are watched, its
   * finished ones forgotten. Called once its events are built and before they go out, so a
   * publish that fails leaves the deadlines watched all the same.
   */
  private watchDeadlines(run: RunState): void {
    this.ports.deadlines.track(run);
  }

  private async publish(emits: ReturnType<typeof emitsFor>, run: RunState): Promise<void> {
    for (const emit of emits) await this.ports.events.publish(run.run_id, emit);
  }

  private observe(before: RunState | undefined, after: RunState): void {
    for (const step of after.steps) {
      const was = before ? findStep(before, step.step_id)?.status : 'pending';
      if (step.status === 'finished' && was !== 'finished') this.ports.observer.stepFinished(after, step.step_id);
    }
    if (after.status !== 'running' && before?.status !== after.status) this.ports.observer.runFinished(after);
  }
}

/**
 * Why a step's trigger cannot be built (an output it needs is missing), or undefined. Checked
 * before the step is marked triggered: a trigger that cannot be built would otherwise leave the
 * step waiting with no event and no deadline alarm.
 */
function cannotTrigger(definition: ReturnType<typeof definitionOf>, run: RunState, step: StepState): string | undefined {
  try {
    definition.trigger(run as never, step);
    return undefined;
  } catch (error) {
    return `cannot set off ${step.step_id}: ${(error as Error).message}`;
  }
}
