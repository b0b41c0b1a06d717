import type { Metrics } from '@jetway/telemetry';
import { findStep, type RunState } from '../domain/run-state';
import type { RunObserver } from '../use-cases/ports';

/** Run, step and DORA counters on /metrics. */
export class MetricsRunObserver implements RunObserver {
  constructor(private readonly metrics: Metrics) {}

  stepFinished(run: RunState, stepId: string): void {
    const step = findStep(run, stepId);
    if (!step) return;
    this.metrics.steps.inc({ kind: step.kind, outcome: step.outcome ?? 'failed' });
    if (step.kind !== 'deploy' || !step.environment) return;
    this.metrics.deployments.inc({ application: run.application, environment: step.environment, outcome: step.outcome ?? 'failed' });
    if (step.environment === 'production' && step.outcome === 'succeeded' && step.finished_at) {
      this.metrics.leadTime.observe({ application: run.application }, (Date.parse(step.finished_at) - Date.parse(run.created_at)) / 1000);
    }
  }

  stepRecovered(run: RunState, stepId: string): void {
    const kind = findStep(run, stepId)?.kind;
    if (kind) this.metrics.stepsRecovered.inc({ kind });
  }

  runFinished(run: RunState): void {
    this.metrics.runs.inc({ application: run.application, outcome: run.status });
  }
}
