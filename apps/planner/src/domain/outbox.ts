import type { EventInput, EventSubject, PipelineFinished } from '@jetway/contracts';
import { definitionOf } from '../pipelines';
import type { RunState, StepState } from './run-state';

/** One event to publish: the subject literal fixes the payload type. */
export type Emit = {
  [S in EventSubject]: { subject: S; payload: EventInput<S>; stepId?: string; attempt?: number };
}[EventSubject];

/** The trigger (or approval request) for a step the planner just set off: the run's kind decides. */
export function triggerFor(run: RunState, step: StepState): Emit {
  return definitionOf(run.request).trigger(run as never, step);
}

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

export function finishedEvent(run: RunState): Emit {
  const { urls } = definitionOf(run.request).summary(run as never);
  const payload: PipelineFinished = {
    run_id: run.run_id,
    kind: run.request.kind,
    application: run.application,
    outcome: run.status === 'running' ? 'failed' : run.status,
    reason: run.reason,
    duration_ms: Math.max(0, Date.parse(run.finished_at ?? run.created_at) - Date.parse(run.created_at)),
    urls,
    pagerduty_environments: run.request.notifications.pagerduty_environments,
    steps: run.steps.map((s) => ({
      step_id: s.step_id,
      kind: s.kind,
      environment: s.environment,
      outcome: s.outcome,
      duration_ms: s.finished_at && s.triggered_at ? Math.max(0, Date.parse(s.finished_at) - Date.parse(s.triggered_at)) : undefined,
    })),
  };
  return { subject: 'jetway.pipeline.finished.v1', payload };
}

/**
 * What the planner publishes after a change from `before` to `after`: triggers and deadline
 * alarms for steps it just set off, `planned` for a new run, `finished` for a run that just
 * ended. With `before` undefined (a redelivery of an applied event) it republishes everything
 * the current state implies: the ids are deterministic, so JetStream drops what already went out.
 */
export function emitsFor(before: RunState | undefined, after: RunState): Emit[] {
  const was = new Map(before?.steps.map((s) => [s.step_id, s.status]));
  const emits: Emit[] = [];
  if (!before) emits.push(plannedEvent(after));
  for (const step of after.steps) {
    const live = step.status === 'triggered' || step.status === 'running' || step.status === 'waiting_approval';
    const justSet = was.get(step.step_id) === 'pending' && step.status !== 'pending';
    if ((before ? justSet : live) && step.triggered_at) emits.push(triggerFor(after, step), deadlineFor(after, step));
  }
  if (after.status !== 'running' && (!before || before.status === 'running')) emits.push(finishedEvent(after));
  return emits;
}
