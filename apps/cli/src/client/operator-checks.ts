import { fromSeed } from 'nkeys.js';
import { RolloutProgressed, type OperatorDecided, type RunStatusView } from '@jetway/contracts';
import { CliError } from './errors';

type Action = OperatorDecided['action'];
type Step = RunStatusView['steps'][number];

/** Signs `text` with an nkey seed: base64url of the Ed25519 signature (what the planner verifies). */
export function signText(seed: string, text: string): string {
  const pair = fromSeed(new TextEncoder().encode(seed.trim()));
  return Buffer.from(pair.sign(new TextEncoder().encode(text))).toString('base64url');
}

const PROMOTABLE = new Set(['started', 'weight', 'analysis', 'paused']);
const ENDED = new Set(['aborted', 'rolled_back', 'completed']);

/** The deploy step a rollout runs in: set off and not finished (a paused one shows as waiting for a person). */
export function liveDeploy(run: RunStatusView): Step | undefined {
  return run.steps.find((s) => s.kind === 'deploy' && (s.status === 'triggered' || s.status === 'running' || s.status === 'waiting_approval'));
}

function progressOf(step: Step): RolloutProgressed | undefined {
  const parsed = step.progress ? RolloutProgressed.safeParse(step.progress) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/** What the decision acts on: the rollout's step and the progress it was given at (a promote is one per pause). */
export interface OperatorTarget {
  readonly stepId?: string;
  readonly attempt?: number;
  readonly sequence?: number;
}

/**
 * Before anything is signed or sent, what the planner would refuse: a run that ended, an operator
 * the run does not name (exit 2), a promote with nothing paused or rolling out, an abort with no
 * rollout (exit 1). The planner checks all of it again.
 */
export function operatorTarget(run: RunStatusView, action: Action, approver: string): OperatorTarget {
  if (run.status !== 'running') throw new CliError(`run ${run.run_id} already ended (${run.status}${run.reason ? `: ${run.reason}` : ''}); nothing to ${action}`);
  if (!run.approvers.includes(approver)) throw new CliError(`${approver} may not ${action} run ${run.run_id}; allowed: ${run.approvers.join(', ') || 'nobody'}`, 2);
  if (run.cancelled) throw new CliError(`run ${run.run_id} was already cancelled by ${run.cancelled.by}; it stops at its next step boundary`);
  if (action === 'cancel') return {};
  const step = liveDeploy(run);
  const doing = run.steps.filter((s) => s.status !== 'pending').map((s) => `${s.step_id} ${s.status === 'finished' ? (s.outcome ?? 'finished') : s.status}`).join(', ');
  if (!step) throw new CliError(`run ${run.run_id} has no rollout in progress to ${action}: no deploy step is running (${doing})`);
  const progress = progressOf(step);
  if (action === 'abort') {
    if (progress && ENDED.has(progress.phase)) throw new CliError(`the rollout of ${step.step_id} already ended (${progress.phase}); to undo a release, roll back: jetway rollback ${run.application} --env ${step.environment ?? '<env>'}`);
    return { stepId: step.step_id };
  }
  if (!progress) throw new CliError(`run ${run.run_id} is not paused or rolling out: ${step.step_id} has not reported a rollout yet (jetway status ${run.run_id} --watch)`);
  if (!PROMOTABLE.has(progress.phase)) throw new CliError(`run ${run.run_id} is not paused or rolling out: the rollout of ${step.step_id} is ${progress.phase}`);
  return { stepId: step.step_id, attempt: progress.attempt, sequence: progress.sequence };
}

/**
 * The decision's event id: a repeat of the same command at the same point is dropped by the
 * stream's duplicate window (one cancel per operator, one abort per step, one promote per pause).
 */
export function operatorEventId(runId: string, action: Action, approver: string, target: OperatorTarget): string {
  const at = [target.stepId, target.attempt, target.sequence].filter((p) => p !== undefined).join('.');
  return `${runId}.operator.${action}.${Buffer.from(approver, 'utf8').toString('base64url')}${at ? `.${at}` : ''}`;
}

/**
 * Did the planner apply the decision? `done` with what it did, `refused` with its note, or
 * undefined while it has not decided yet. `notesBefore` is how many notes the run had when sent.
 */
export function operatorVerdict(run: RunStatusView, action: Action, approver: string, target: OperatorTarget, notesBefore: number): { done: string } | { refused: string } | undefined {
  const refusal = (run.notes ?? []).slice(notesBefore).find((n) => n.startsWith(`refused to ${action} run ${run.run_id} in the name of ${approver}:`));
  if (refusal) return { refused: refusal };
  if (action === 'cancel') {
    if (run.cancelled?.by === approver || (run.status === 'rejected' && run.reason?.startsWith(`cancelled by ${approver}`))) {
      return { done: run.status === 'running' ? 'cancelled: it stops at its next step boundary (a running rollout is aborted)' : `cancelled: the run ended ${run.status}` };
    }
    return undefined;
  }
  const step = run.steps.find((s) => s.step_id === target.stepId);
  const given = step?.commands?.find((c) => c.command === action && (action === 'abort' || (c.at_sequence ?? -1) >= (target.sequence ?? 0)));
  if (given) return { done: `the planner told the deployer to ${action} the rollout of ${target.stepId}${given.by === approver ? '' : ` (already given by ${given.by})`}` };
  return undefined;
}
