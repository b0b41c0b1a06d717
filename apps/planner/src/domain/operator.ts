import { approvalOf, type OperatorCommand, type OperatorDecided, type PipelineRequest, type RolloutProgressed } from '@jetway/contracts';
import type { Authentication } from './progress';
import { findStep, type RunState, type StepState } from './run-state';

/**
 * Who may command a run (promote, abort, cancel): the approvers its approval policy names; for a
 * rollback run, which has no approval block, the operator who signed it.
 */
export function operatorsOf(request: PipelineRequest): string[] {
  if (request.kind === 'rollback') return [request.approver];
  return approvalOf(request).approvers;
}

/** The step a rollout runs in: a deploy step set off and not finished. */
export function liveDeploy(run: RunState): StepState | undefined {
  return run.steps.find((step) => step.kind === 'deploy' && (step.status === 'triggered' || step.status === 'running'));
}

/** Phases in which a rollout can still be promoted: it has started and not yet ended. */
const PROMOTABLE = new Set<RolloutProgressed['phase']>(['started', 'weight', 'analysis', 'paused']);
/** Phases after which a rollout cannot be aborted any more: it already ended, one way or the other. */
const ENDED = new Set<RolloutProgressed['phase']>(['aborted', 'rolled_back', 'completed']);

/** `cancelled by bob: not today` — the reason a cancelled run ends with. */
export function cancelReason(cancelled: NonNullable<RunState['cancelled']>): string {
  return `cancelled by ${cancelled.by}${cancelled.comment ? `: ${cancelled.comment}` : ''}`;
}

function withStep(run: RunState, stepId: string, change: Partial<StepState>): RunState {
  return { ...run, steps: run.steps.map((step) => (step.step_id === stepId ? { ...step, ...change } : step)) };
}

function command(run: RunState, step: StepState, given: OperatorCommand): RunState {
  return withStep(run, step.step_id, { commands: [...(step.commands ?? []), given] });
}

type Decision = Omit<OperatorDecided, 'signature'>;

/**
 * A signed operator decision on a run. Refusals (an operator the policy does not name, a
 * signature that does not verify, a run not in a state the action fits) are notes on the run,
 * never state changes, like approvals. A repeat of a command already passed on changes nothing.
 */
export function applyOperatorDecision(run: RunState, decision: Decision, now: string, authentication: Authentication): RunState {
  const refuse = (why: string): RunState => ({ ...run, notes: [...run.notes, `refused to ${decision.action} run ${run.run_id} in the name of ${decision.approver}: ${why}`] });
  const operators = operatorsOf(run.request);
  if (!operators.includes(decision.approver)) return refuse(`${decision.approver} may not command this run (allowed: ${operators.join(', ') || 'nobody'})`);
  if (!authentication.ok) return refuse(authentication.why);
  if (run.status !== 'running') return refuse(`the run already ended (${run.status})`);
  if (run.cancelled) return refuse(`the run was already cancelled by ${run.cancelled.by}; it stops at its next step boundary`);
  const given = { by: decision.approver, ...(decision.comment && { comment: decision.comment }), at: now };
  if (decision.action === 'cancel') return cancel(run, given);
  const step = liveDeploy(run);
  if (!step) return refuse(`no rollout is in progress: no deploy step is running (steps: ${run.steps.map((s) => `${s.step_id} ${s.status === 'finished' ? (s.outcome ?? 'finished') : s.status}`).join(', ')})`);
  const aborted = step.commands?.find((c) => c.command === 'abort');
  if (decision.action === 'abort') {
    if (aborted) return run; // already passed on: a repeat changes nothing
    if (step.progress && ENDED.has(step.progress.phase)) return refuse(`the rollout of ${step.step_id} already ended (${step.progress.phase}); to undo a release, roll back: jetway rollback ${run.application} --env ${step.environment ?? '<env>'}`);
    return command(run, step, { command: 'abort', ...given });
  }
  if (aborted) return refuse(`${step.step_id} is being aborted (by ${aborted.by})`);
  const progress = step.progress;
  if (!progress) return refuse(`${step.step_id} has not reported a rollout yet: nothing is paused or rolling out to promote (jetway status ${run.run_id})`);
  if (!PROMOTABLE.has(progress.phase)) return refuse(`${step.step_id} is not paused or rolling out: its rollout is ${progress.phase}`);
  if (step.commands?.some((c) => c.command === 'promote' && c.at_sequence === progress.sequence)) return run; // this pause was already promoted
  return command(run, step, { command: 'promote', ...given, at_sequence: progress.sequence });
}

/**
 * Cancel: nothing new is set off from now on; a running deploy is told to abort (a half-done
 * rollout is undone); a waiting approval is a boundary, so it ends at once. The run ends
 * `rejected` with "cancelled by …" once no step runs (`completeIfDone`).
 */
function cancel(run: RunState, given: { by: string; comment?: string; at: string }): RunState {
  const cancelled = { ...run, cancelled: given };
  const deploy = liveDeploy(cancelled);
  const aborting = deploy && !deploy.commands?.some((c) => c.command === 'abort')
    ? command(cancelled, deploy, { command: 'abort', by: given.by, comment: cancelReason(given), at: given.at })
    : cancelled;
  const reason = cancelReason(given);
  return {
    ...aborting,
    steps: aborting.steps.map((step) => (step.status === 'waiting_approval' ? { ...step, status: 'finished', outcome: 'failed', reason, finished_at: given.at } : step)),
  };
}

/**
 * A rollout progressed: the step attempt keeps the highest `sequence` it saw (events of one
 * attempt may arrive out of order, and a late one never hides a newer state). Also after the
 * step or the run finished: it is status, not a transition.
 */
export function applyProgress(run: RunState, event: RolloutProgressed): RunState {
  const step = findStep(run, event.step_id);
  if (!step || step.attempt !== event.attempt) return run;
  if (step.progress && step.progress.sequence >= event.sequence) return run;
  return withStep(run, step.step_id, { progress: event });
}

/** Is any step set off and not finished (the run is between step boundaries)? */
export function busy(run: RunState): boolean {
  return run.steps.some((step) => step.status === 'triggered' || step.status === 'running');
}
