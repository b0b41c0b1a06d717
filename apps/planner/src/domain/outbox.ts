import type { EventInput, EventSubject, PipelineFinished } from '@jetway/contracts';
import type { RunState, StepState } from './run-state';

/** One event to publish: the subject literal fixes the payload type. */
export type Emit = {
  [S in EventSubject]: { subject: S; payload: EventInput<S>; stepId?: string; attempt?: number };
}[EventSubject];

const HEALTH_CHECKS = 3;

/** The trigger (or approval request) for a step the planner just set off. */
export function triggerFor(run: RunState, step: StepState): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const ids = { stepId: step.step_id, attempt: step.attempt };
  const request = run.request;
  const environment = step.environment ?? 'staging';
  const release = run.releases[environment];
  const digest = run.digest ?? '';
  switch (step.kind) {
    case 'build':
      return { subject: 'jetway.step.build.triggered.v1', ...ids, payload: { ...ref, application: run.application, source: request.artifact_source, build: request.build } };
    case 'scan': {
      const source = run.steps.find((s) => s.kind === 'build')?.outputs?.['source_digest'];
      const sourceDigest = typeof source === 'string' ? { source_digest: source } : {};
      return {
        subject: 'jetway.step.scan.triggered.v1',
        ...ids,
        payload: { ...ref, application: run.application, digest, ...sourceDigest, fail_on_severity: request.quality_gates.fail_on_severity },
      };
    }
    case 'deploy':
      return {
        subject: 'jetway.step.deploy.triggered.v1',
        ...ids,
        payload: { ...ref, application: run.application, environment, digest, strategy: request.deployment_strategy, platform_config: request.platform_config },
      };
    case 'verify':
      return {
        subject: 'jetway.step.verify.triggered.v1',
        ...ids,
        payload: { ...ref, application: run.application, environment, digest, url: release?.url ?? '', health_path: request.platform_config.health_check.path, checks: HEALTH_CHECKS },
      };
    case 'monitor':
      return {
        subject: 'jetway.step.monitor.triggered.v1',
        ...ids,
        payload: { ...ref, application: run.application, environment, release: release ?? { digest, url: '', targets: [] }, slo: request.slo },
      };
    case 'approval':
      return {
        subject: 'jetway.approval.requested.v1',
        ...ids,
        payload: { run_id: run.run_id, step_id: step.step_id, application: run.application, environment, digest, approvers: request.approval.approvers },
      };
  }
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
      application: run.application,
      idempotency_key: run.idempotency_key,
      steps: run.steps.map(({ step_id, kind, environment, depends_on, deadline_seconds }) => ({ step_id, kind, environment, depends_on, deadline_seconds })),
    },
  };
}

export function finishedEvent(run: RunState): Emit {
  const payload: PipelineFinished = {
    run_id: run.run_id,
    application: run.application,
    outcome: run.status === 'running' ? 'failed' : run.status,
    reason: run.reason,
    duration_ms: Math.max(0, Date.parse(run.finished_at ?? run.created_at) - Date.parse(run.created_at)),
    urls: Object.fromEntries(Object.entries(run.releases).map(([env, release]) => [env, release.url])),
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
