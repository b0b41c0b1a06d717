import type { RunStatusView } from '@jetway/contracts';
import type { RunState } from './run-state';

/** What `jetway status` shows: the run without its request internals. */
export function toStatusView(run: RunState): RunStatusView {
  return {
    run_id: run.run_id,
    application: run.application,
    status: run.status,
    reason: run.reason,
    created_at: run.created_at,
    finished_at: run.finished_at,
    trace_id: run.traceparent?.split('-')[1],
    traceparent: run.traceparent,
    digest: run.digest,
    urls: Object.fromEntries(Object.entries(run.releases).map(([env, release]) => [env, release.url])),
    approvers: run.request.approval.approvers,
    notes: run.notes.length > 0 ? run.notes : undefined,
    steps: run.steps.map((s) => ({
      step_id: s.step_id,
      kind: s.kind,
      environment: s.environment,
      status: s.status,
      outcome: s.outcome,
      reason: s.reason,
      started_at: s.started_at ?? s.triggered_at,
      finished_at: s.finished_at,
      outputs: s.outputs,
      log_object: s.log_object,
    })),
  };
}
