import { context, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { RolloutProgressed } from '@jetway/contracts';
import type { EventPublisher } from '@jetway/messaging';
import { tracerFor } from '@jetway/telemetry';
import type { ProgressSink } from '../../strategies/progress.port';

/**
 * `jetway.rollout.progressed.v1` on JetStream. The event id is (run, step, attempt, sequence):
 * a resumed rollout that republishes a move gets the same id, and the duplicate window drops it.
 * Each move is also a span of the run's trace (`rollout <phase>`, the event's send under it)
 * carrying the weight, the words and, for an analysis, its verdict and every measurement.
 */
export class ProgressPublisher implements ProgressSink {
  constructor(private readonly publisher: Pick<EventPublisher, 'publish'>) {}

  async publish(progress: RolloutProgressed): Promise<void> {
    const { run_id, step_id, attempt, sequence } = progress;
    const id = `${run_id}.${step_id}.${attempt}.rollout-progressed.${sequence}`;
    const span = tracerFor('deployer').startSpan(`rollout ${progress.phase}`, { attributes: progressAttributes(progress) });
    if (progress.analysis?.verdict === 'fail' || progress.analysis?.verdict === 'error' || progress.phase === 'aborted') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: progress.message.slice(0, 500) });
    }
    try {
      await this.publisher.publish('jetway.rollout.progressed.v1', progress, { runId: run_id, stepId: step_id, attempt, id }, trace.setSpan(context.active(), span));
    } finally {
      span.end();
    }
  }
}

/** The span attributes of a move: where the rollout is, and an analysis's verdict with each measurement against its threshold. */
export function progressAttributes(progress: RolloutProgressed): Attributes {
  const attributes: Attributes = {
    'jetway.run_id': progress.run_id,
    'jetway.step_id': progress.step_id,
    'jetway.rollout.strategy': progress.strategy,
    'jetway.rollout.phase': progress.phase,
    'jetway.rollout.sequence': progress.sequence,
    'jetway.rollout.message': progress.message,
  };
  if (progress.weight !== undefined) attributes['jetway.rollout.weight'] = progress.weight;
  if (progress.stage !== undefined) attributes['jetway.rollout.stage'] = progress.stage;
  const analysis = progress.analysis;
  if (!analysis) return attributes;
  attributes['jetway.analysis.provider'] = analysis.provider;
  attributes['jetway.analysis.verdict'] = analysis.verdict;
  attributes['jetway.analysis.requests'] = analysis.requests;
  if (analysis.baseline_p_value !== undefined) attributes['jetway.analysis.baseline_p_value'] = analysis.baseline_p_value;
  for (const m of analysis.measurements) {
    attributes[`jetway.analysis.${m.metric}.value`] = m.value;
    if (m.threshold !== undefined) attributes[`jetway.analysis.${m.metric}.threshold`] = m.threshold;
    attributes[`jetway.analysis.${m.metric}.passed`] = m.passed;
  }
  return attributes;
}
