import type { RunStatusView } from '@jetway/contracts';
import { definitionOf } from '../pipelines';
import { operatorsOf } from './operator';
import type { RunState, StepState } from './run-state';

type StepView = RunStatusView['steps'][number];

/**
 * A live step whose rollout is paused waits for a person: it shows as `waiting_approval`, its
 * reason says why and which command moves it on.
 */
function pausedView(run: RunState, step: StepState): Pick<StepView, 'status' | 'reason'> | undefined {
  const live = step.status === 'triggered' || step.status === 'running';
  if (!live || step.progress?.phase !== 'paused') return undefined;
  const who = operatorsOf(run.request)[0] ?? '<approver>';
  const at = step.progress.weight === undefined ? '' : ` at ${step.progress.weight} %`;
  return { status: 'waiting_approval', reason: `paused${at}: ${step.progress.message} — promote with: jetway promote ${run.run_id} --as ${who} (or abort: jetway abort ${run.run_id} --as ${who})` };
}

function stepView(run: RunState, s: StepState): StepView {
  return {
    step_id: s.step_id,
    kind: s.kind,
    environment: s.environment,
    status: s.status,
    outcome: s.outcome,
    reason: s.reason,
    started_at: s.started_at ?? s.triggered_at,
    finished_at: s.finished_at,
    outputs: s.outputs,
    ...(s.log !== undefined && { log: s.log }),
    log_object: s.log_object,
    ...(s.progress && { progress: s.progress }),
    ...(s.commands && { commands: s.commands }),
    ...pausedView(run, s),
  };
}

/** What `jetway status` shows: the run without its request internals. */
export function toStatusView(run: RunState): RunStatusView {
  const { digest, urls } = definitionOf(run.request).summary(run as never);
  return {
    run_id: run.run_id,
    kind: run.request.kind,
    application: run.application,
    status: run.status,
    reason: run.reason,
    created_at: run.created_at,
    finished_at: run.finished_at,
    trace_id: run.traceparent?.split('-')[1],
    traceparent: run.traceparent,
    digest,
    urls,
    approvers: operatorsOf(run.request),
    ...(run.cancelled && { cancelled: run.cancelled }),
    notes: run.notes.length > 0 ? run.notes : undefined,
    steps: run.steps.map((s) => stepView(run, s)),
  };
}
