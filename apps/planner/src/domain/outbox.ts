import { eventId, type EventInput, type EventSubject, type OperatorCommand, type PipelineFinished } from '@jetway/contracts';
import { definitionOf, outputsOf } from '../pipelines';
import { isLive, type RunState, type StepState } from './run-state';

/** One event to publish: the subject literal fixes the payload type; `id` overrides the id derived from run, step and attempt. */
export type Emit = {
  [S in EventSubject]: { subject: S; payload: EventInput<S>; stepId?: string; attempt?: number; id?: string };
}[EventSubject];

/** The trigger (or approval request) for a step the planner just set off: the run's kind decides. */
export function triggerFor(run: RunState, step: StepState): Emit {
  return definitionOf(run.request).trigger(run as never, step);
}

/** The deadline event of a step attempt that fell due while still open (see RunCoordinator.deadlineDue). */
export function deadlineFor(run: RunState, step: StepState): Emit {
  const due = new Date(Date.parse(step.triggered_at ?? run.created_at) + step.deadline_seconds * 1000).toISOString();
  return {
    subject: 'jetway.timer.step-deadline.v1',
    stepId: step.step_id,
    attempt: step.attempt,
    payload: { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt, due_at: due },
  };
}

export function plannedEvent(run: RunState): Emit {
  return {
    subject: 'jetway.pipeline.planned.v1',
    payload: {
      run_id: run.run_id,
      kind: run.request.kind,
      application: run.application,
      idempotency_key: run.idempotency_key,
      steps: run.steps.map(({ step_id, kind, environment, depends_on, deadline_seconds }) => ({ step_id, kind, environment, depends_on, deadline_seconds })),
    },
  };
}

/**
 * The deployer is told once per command: an abort once per step attempt, a promote once per
 * pause (the progress `sequence` it was given at), so a repeated or redelivered command is
 * dropped by the duplicate window, and the deployer can claim each id once.
 */
export function commandedEvent(run: RunState, step: StepState, given: OperatorCommand): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const event = `rollout-commanded-${given.command}${given.at_sequence === undefined ? '' : `-${given.at_sequence}`}`;
  return {
    subject: 'jetway.rollout.commanded.v1',
    stepId: step.step_id,
    attempt: step.attempt,
    id: eventId({ runId: run.run_id, stepId: step.step_id, attempt: step.attempt, event }),
    payload: { ...ref, command: given.command, by: given.by, ...(given.comment && { comment: given.comment }) },
  };
}

/** What a deploy or rollback step left serving (and what it replaced), from its outputs. */
function releaseOf(run: RunState, step: StepState): PipelineFinished['steps'][number]['release'] {
  if (step.kind === 'rollback') {
    const out = outputsOf(run, step.step_id, 'rollback');
    return out?.release && { digest: out.release.digest, url: out.release.url, ...(out.from_digest && { replaced_digest: out.from_digest }) };
  }
  if (step.kind !== 'deploy' || step.outcome !== 'succeeded') return undefined;
  const release = outputsOf(run, step.step_id, 'deploy')?.release;
  return release && { digest: release.digest, url: release.url, ...(release.previous_digest && { replaced_digest: release.previous_digest }) };
}

/** A step as the finished event tells it: outcome, the worker's words, the rollout's last progress, who aborted it. */
function finishedStep(run: RunState, s: StepState): PipelineFinished['steps'][number] {
  const abort = s.commands?.find((c) => c.command === 'abort');
  const release = releaseOf(run, s);
  const progress = s.progress;
  return {
    step_id: s.step_id,
    kind: s.kind,
    environment: s.environment,
    outcome: s.outcome,
    duration_ms: s.finished_at && s.triggered_at ? Math.max(0, Date.parse(s.finished_at) - Date.parse(s.triggered_at)) : undefined,
    ...(s.reason && { reason: s.reason.slice(0, 4000) }),
    ...(progress && {
      rollout: {
        strategy: progress.strategy,
        phase: progress.phase,
        message: progress.message,
        ...(progress.weight !== undefined && { weight: progress.weight }),
        ...(progress.stage !== undefined && { stage: progress.stage }),
        ...(progress.analysis && { analysis: progress.analysis }),
      },
    }),
    ...(abort && { aborted_by: abort.by }),
    ...(release && { release }),
  };
}

export function finishedEvent(run: RunState): Emit {
  const { urls, digest } = definitionOf(run.request).summary(run as never);
  const payload: PipelineFinished = {
    run_id: run.run_id,
    kind: run.request.kind,
    application: run.application,
    outcome: run.status === 'running' ? 'failed' : run.status,
    reason: run.reason,
    duration_ms: Math.max(0, Date.parse(run.finished_at ?? run.created_at) - Date.parse(run.created_at)),
    urls,
    pagerduty_environments: run.request.notifications.pagerduty_environments,
    ...(digest && { digest }),
    requested_by: run.request.requested_by,
    ...(run.cancelled && { cancelled_by: run.cancelled.by }),
    steps: run.steps.map((s) => finishedStep(run, s)),
  };
  return { subject: 'jetway.pipeline.finished.v1', payload };
}

/**
 * How long after a command was given a redelivery may publish it again: well inside the stream's
 * duplicate window (120 s), so a copy that already went out is always dropped there. Later, a
 * republished promote could reach the deployer again at a later pause; by then the command went
 * out long ago (a crash between the run's write and the publish is redelivered within seconds).
 */
export const COMMAND_REPUBLISH_MS = 60_000;

/**
 * Commands given since `before`; on a redelivery (`before` undefined, `now` given) the latest
 * command of a live step again while it is recent (see COMMAND_REPUBLISH_MS).
 */
function commandsToSend(before: RunState | undefined, after: RunState, step: StepState, live: boolean, now: string | undefined): Emit[] {
  const given = step.commands ?? [];
  if (before) return given.slice(before.steps.find((s) => s.step_id === step.step_id)?.commands?.length ?? 0).map((c) => commandedEvent(after, step, c));
  const last = given.at(-1);
  const recent = last && now !== undefined && Date.parse(now) - Date.parse(last.at) < COMMAND_REPUBLISH_MS;
  return live && last && recent ? [commandedEvent(after, step, last)] : [];
}

/**
 * What the planner publishes after a change from `before` to `after`: triggers for steps it
 * just set off, `planned` for a new run, `finished` for a run that just
 * ended. With `before` undefined (a redelivery of an applied event) it republishes everything
 * the current state implies: the ids are deterministic, so JetStream drops what already went out
 * (a rollout command only while recent: `now`, see COMMAND_REPUBLISH_MS).
 */
export function emitsFor(before: RunState | undefined, after: RunState, now?: string): Emit[] {
  const was = new Map(before?.steps.map((s) => [s.step_id, s.status]));
  const emits: Emit[] = [];
  if (!before) emits.push(plannedEvent(after));
  for (const step of after.steps) {
    const live = isLive(step);
    const justSet = was.get(step.step_id) === 'pending' && step.status !== 'pending';
    // A step's deadline is watched in memory (use-cases/deadline-watch): an event only if it falls due.
    if ((before ? justSet : live) && step.triggered_at) emits.push(triggerFor(after, step));
    emits.push(...commandsToSend(before, after, step, live, now));
  }
  if (after.status !== 'running' && (!before || before.status === 'running')) emits.push(finishedEvent(after));
  return emits;
}
