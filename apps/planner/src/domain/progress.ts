import { ownerOf, type PipelineRequest, type RolloutProgressed, type StepOutcome } from '@jetway/contracts';
import { approvalOf } from '@jetway/contracts';
import { definitionOf } from '../pipelines';
import { applyProgress, busy, cancelReason } from './operator';
import { approverAllowed } from './policy';
import { findStep, type RunState, type StepState } from './run-state';

/** A new run: the plan's steps, all pending; fields of the request the contract does not know are noted. */
export function createRun(args: { runId: string; request: PipelineRequest; now: string; traceparent?: string; ignored?: readonly string[] }): RunState {
  const definition = definitionOf(args.request);
  const ignored = args.ignored ?? [];
  const notes = ignored.length > 0 ? [`ignored fields this planner does not know (a newer publisher's, or typos): ${ignored.join(', ')}`] : [];
  return {
    run_id: args.runId,
    application: definition.application(args.request),
    idempotency_key: args.request.idempotency_key,
    request: args.request,
    status: 'running',
    created_at: args.now,
    traceparent: args.traceparent,
    steps: definition.plan(args.request).map((step) => ({ ...step, status: 'pending', attempt: 1 })),
    applied: [],
    notes,
  };
}

export function endRun(run: RunState, status: 'succeeded' | 'failed' | 'rejected', now: string, reason?: string): RunState {
  if (run.status !== 'running') return run;
  return { ...run, status, reason, finished_at: now };
}

export function updateStep(run: RunState, stepId: string, change: Partial<StepState>): RunState {
  return { ...run, steps: run.steps.map((step) => (step.step_id === stepId ? { ...step, ...change } : step)) };
}

/**
 * A step event for an attempt we are not waiting on (not set off yet, stale, or already
 * finished) changes nothing: a step only finishes after its trigger went out.
 */
function current(run: RunState, stepId: string, attempt: number): StepState | undefined {
  const step = findStep(run, stepId);
  if (!step || step.attempt !== attempt || step.status === 'pending' || step.status === 'finished' || run.status !== 'running') return undefined;
  return step;
}

export function applyStarted(run: RunState, event: { step_id: string; attempt: number; worker: string }, now: string): RunState {
  const step = current(run, event.step_id, event.attempt);
  if (!step || step.status === 'running') return run;
  return updateStep(run, step.step_id, { status: 'running', started_at: now, worker: event.worker });
}

export interface FinishedEvent {
  step_id: string;
  attempt: number;
  outcome: StepOutcome;
  reason?: string;
  /** The kind's outputs: kept on the step whatever the outcome (a failed scan's findings are evidence). */
  outputs?: unknown;
  /** The step's log, inline when small (at most INLINE_LOG_BYTES, as the contract bounds it); else `log_object` names it. */
  log?: string;
  log_object?: string;
  /** How long the work took, and who did it: a step done within a second sent no `started`. */
  duration_ms?: number;
  worker?: string;
  /** A deploy's last rollout move. */
  last_move?: RolloutProgressed;
}

/** A step that finished without a `started` heard: its start from the work's duration (never before its trigger), its worker from the event. */
function startOf(step: StepState, event: FinishedEvent, now: string): Partial<StepState> {
  if (step.started_at) return {};
  const worked = event.duration_ms === undefined ? undefined : Date.parse(now) - event.duration_ms;
  const triggered = step.triggered_at ? Date.parse(step.triggered_at) : undefined;
  const at = worked === undefined ? undefined : triggered === undefined ? worked : Math.max(worked, triggered);
  return { ...(at !== undefined && Number.isFinite(at) && { started_at: new Date(at).toISOString() }), ...(event.worker && !step.worker && { worker: event.worker }) };
}

function evidenceOf(event: FinishedEvent): Partial<StepState> {
  const outputs = typeof event.outputs === 'object' && event.outputs !== null ? (event.outputs as Record<string, unknown>) : undefined;
  // Only the contract-bounded inline text is kept on the run: a larger log stays in the Object Store, named.
  return { ...(outputs && { outputs }), ...(event.log !== undefined && { log: event.log }), ...(event.log_object && { log_object: event.log_object }) };
}

/**
 * A worker's finished event: records the outcome and the evidence (outputs, log), which later
 * steps read through the run's definition; anything but success ends the run, naming the step and why.
 */
export function applyFinished(run: RunState, event: FinishedEvent, now: string): RunState {
  const step = current(run, event.step_id, event.attempt);
  if (!step) return run;
  // A deploy's last rollout move comes in its finished (DeployFinished.last_move): kept as any move.
  const moved = event.last_move ? applyProgress(run, event.last_move) : run;
  const next = updateStep(moved, step.step_id, { status: 'finished', outcome: event.outcome, reason: event.reason, ...startOf(step, event, now), finished_at: now, ...evidenceOf(event) });
  // A cancelled run ends `rejected` with who cancelled it once nothing runs (completeIfDone), whatever its last steps did.
  if (event.outcome === 'succeeded' || event.outcome === 'skipped' || run.cancelled) return next;
  return endRun(next, 'failed', now, `step ${step.step_id} ${event.outcome}: ${event.reason ?? 'no reason given'}`);
}

/**
 * At the deadline, the result the step's worker recorded although its finished event never
 * reached the planner (a clustered consumer can lose a delivery): applied as that event, noted.
 */
export function applyRecordedFinish(run: RunState, event: FinishedEvent, now: string): RunState {
  const step = current(run, event.step_id, event.attempt);
  if (!step) return run;
  const next = applyFinished(run, event, now);
  const note = `step ${step.step_id}: no step.${step.kind}.finished reached the planner by its deadline; applied the result the ${ownerOf(step.kind)} recorded`;
  return { ...next, notes: [...next.notes, note] };
}

/** Whether a decision was proven to come from the approver it names (see the planner's ApproverKeys port). */
export type Authentication = { ok: true } | { ok: false; why: string };

/**
 * An approval decision. A decider not in the policy's approvers, or a decision not proven to be
 * theirs (unsigned, not enrolled, a signature that does not verify), changes nothing but a note.
 */
export function applyDecision(
  run: RunState,
  event: { step_id: string; decision: 'approved' | 'rejected'; approver: string; comment?: string; plan_hash?: string },
  now: string,
  authentication: Authentication,
): RunState {
  const step = findStep(run, event.step_id);
  if (!step || step.kind !== 'approval' || step.status !== 'waiting_approval' || run.status !== 'running') return run;
  const note = (text: string): RunState => ({ ...run, notes: [...run.notes, text] });
  if (!approverAllowed(run.request, event.approver)) {
    const allowed = approvalOf(run.request).approvers.join(', ') || 'nobody';
    return note(`${event.approver} may not decide ${step.step_id} (allowed: ${allowed})`);
  }
  if (!authentication.ok) return note(`refused a decision on ${step.step_id} in the name of ${event.approver}: ${authentication.why}`);
  const by = `${event.decision} by ${event.approver}${event.comment ? `: ${event.comment}` : ''}`;
  // A kind that reviews with its own rules (an infrastructure plan, bound to its hash) may refuse or count.
  const review = definitionOf(run.request).review;
  const verdict = review?.decide(run as never, step, event);
  if (verdict && 'refuse' in verdict) return note(`refused the ${event.decision === 'approved' ? 'approval' : 'rejection'} of ${step.step_id} by ${event.approver}: ${verdict.refuse}`);
  const outputs = verdict ? { outputs: verdict.outputs } : {};
  if (event.decision === 'approved') {
    if (verdict && !verdict.complete) {
      const counted = updateStep(run, step.step_id, outputs);
      return verdict.note ? { ...counted, notes: [...counted.notes, verdict.note] } : counted;
    }
    return updateStep(run, step.step_id, { status: 'finished', outcome: 'succeeded', reason: by, finished_at: now, ...outputs });
  }
  const rejected = updateStep(run, step.step_id, { status: 'finished', outcome: 'failed', reason: by, finished_at: now, ...outputs });
  return endRun(rejected, 'rejected', now, `${step.step_id} ${by}`);
}

/**
 * An approval step is set off: a kind with its own review opens it (its outputs, and whether the
 * policy approves alone); otherwise `auto_approve` approves it. Undefined: wait for people.
 */
export function openApproval(run: RunState, step: StepState, now: string): RunState | undefined {
  const autoApprove = approvalOf(run.request).auto_approve;
  const review = definitionOf(run.request).review;
  if (!review) return autoApprove ? markFinished(run, step, 'succeeded', 'approved by policy:auto (approval.auto_approve is true)', now) : undefined;
  const opening = review.open(run as never, step, autoApprove);
  if ('refuse' in opening) return endRun(markFinished(run, step, 'failed', opening.refuse, now), 'failed', now, opening.refuse);
  const opened = updateStep(run, step.step_id, { outputs: opening.outputs });
  if (opening.auto) return markFinished(opened, step, 'succeeded', opening.auto, now);
  if (!opening.note) return opened;
  if (approvalOf(run.request).approvers.length === 0) {
    const reason = `${opening.note}, and the request names no approvers (approval.approvers)`;
    return endRun(markFinished(opened, step, 'failed', reason, now), 'failed', now, reason);
  }
  return { ...opened, notes: [...opened.notes, opening.note] };
}

/** The deadline alarm of a step attempt: still not finished → the run fails, saying so. */
export function applyDeadline(run: RunState, event: { step_id: string; attempt: number }, now: string): RunState {
  const step = current(run, event.step_id, event.attempt);
  if (!step) return run;
  const owner = ownerOf(step.kind);
  const waited = step.status === 'waiting_approval' ? 'no approval decision' : `no step.${step.kind}.finished from the ${owner}`;
  const reason = `step ${step.step_id} missed its deadline of ${step.deadline_seconds}s: ${waited}${step.status === 'triggered' ? ` (no start was recorded: is the ${owner} running?)` : ''}`;
  const timedOut = updateStep(run, step.step_id, { status: 'finished', outcome: 'failed', reason, finished_at: now });
  return endRun(timedOut, 'failed', now, reason);
}

/** Pending steps whose dependencies all succeeded; none once the run was cancelled. */
export function readySteps(run: RunState): StepState[] {
  if (run.status !== 'running' || run.cancelled) return [];
  const succeeded = new Set(run.steps.filter((s) => s.status === 'finished' && s.outcome !== 'failed').map((s) => s.step_id));
  return run.steps.filter((step) => step.status === 'pending' && step.depends_on.every((dep) => succeeded.has(dep)));
}

export function markTriggered(run: RunState, step: StepState, now: string): RunState {
  const status = step.kind === 'approval' ? 'waiting_approval' : 'triggered';
  return updateStep(run, step.step_id, { status, triggered_at: now });
}

export function markFinished(run: RunState, step: StepState, outcome: StepOutcome, reason: string, now: string): RunState {
  return updateStep(run, step.step_id, { status: 'finished', outcome, reason, finished_at: now });
}

/** Every step finished → succeeded; a cancelled run → rejected as soon as no step runs (its next step boundary). */
export function completeIfDone(run: RunState, now: string): RunState {
  if (run.status !== 'running') return run;
  if (run.cancelled) return busy(run) ? run : endRun(run, 'rejected', now, cancelReason(run.cancelled));
  if (!run.steps.every((step) => step.status === 'finished')) return run;
  return endRun(run, 'succeeded', now);
}
