import type { RunStatusView } from '@jetway/contracts';
import { definitionOf } from '../pipelines';
import type { RunState } from './run-state';

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
