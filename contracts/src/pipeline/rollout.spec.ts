import { PipelineKindName } from './kinds';
import { PipelineRequest } from './pipeline-request.v1';
import { CanaryRollout, RollingRollout, RolloutSpec, SuccessCriteria } from './rollout';
import { describeIssues } from '../validation';

const errorOf = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('accepted an invalid rollout');
  return describeIssues(result.error as never);
};

describe('the rollout block', () => {
  it('defaults to the spec’s canary (5/25/50/100 % with its criteria), blue-green auto-promotion and rolling by one', () => {
    const spec = RolloutSpec.parse({});
    expect(spec.canary.steps.map((s) => s.weight)).toEqual([5, 25, 50, 100]);
    expect(spec.canary.steps[1]?.success_criteria).toEqual({ error_rate: 0.005, latency_p99_ms: 400 });
    expect(spec.blue_green).toMatchObject({ auto_promote: true, scale_down_delay_seconds: 30 });
    expect(spec.rolling).toEqual({ max_surge: 1, max_unavailable: 0 });
    expect(spec.analysis).toMatchObject({ provider: 'router', min_requests: 20, failure_limit: 0 });
  });

  it('refuses weights that do not rise to 100, a step with no duration, and approval points that are no step', () => {
    const error = errorOf(CanaryRollout, { steps: [{ weight: 10, duration_seconds: 60 }, { weight: 5, duration_seconds: 0 }, { weight: 50, duration_seconds: 60 }], manual_approval_points: ['25%'] });
    expect(error).toContain('steps.1.weight: must rise: step 1 is 5 %, after 10 %');
    expect(error).toContain('steps.1.duration_seconds: give every step below 100 % a duration');
    expect(error).toContain('steps: the weights must rise to 100 (the last is 50 %)');
    expect(error).toContain('manual_approval_points.0: 25% is not the weight of a step (10%, 5%, 50%)');
  });

  it('refuses success criteria with a metric it does not measure, and a rollout that could never move', () => {
    expect(errorOf(SuccessCriteria, { error_rate: 0.01, latency_p95_ms: 300 })).toContain('unknown field');
    expect(errorOf(RollingRollout, { max_surge: 0, max_unavailable: 0 })).toBe('max_surge: max_surge and max_unavailable cannot both be 0: the rollout could never move');
  });

  it('names every pipeline kind of the request union', () => {
    expect(PipelineKindName.options).toEqual(PipelineRequest.options.map((o) => o.shape.kind.value));
  });
});
