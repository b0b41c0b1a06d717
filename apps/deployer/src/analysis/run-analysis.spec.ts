import { AnalysisSpec, type AnalysisResult } from '@jetway/contracts';
import { JumpingClock, ScriptedProvider, type Scripted } from './analysis.fakes';
import type { AnalysisTally } from './decide';
import { runAnalysis, type AnalysisRequest } from './run-analysis';

const T0 = 1_700_000_000_000;
const healthy = { requests: 200, errors: 0, latency_p99_ms: 80 };
const failing = { requests: 400, errors: 120, latency_p99_ms: 80 };
const quiet = { requests: 2, errors: 0, latency_p99_ms: 5 };
const down = new Error('connect ECONNREFUSED 127.0.0.1:9');

function setup(script: Scripted[], spec: Partial<AnalysisSpec> = {}, span: AnalysisRequest['span'] = { untilMs: T0 + 60_000 }) {
  const clock = new JumpingClock(T0);
  const provider = new ScriptedProvider({ v2: script, v1: [healthy] });
  const seen: { result: AnalysisResult; tally: AnalysisTally; at: number }[] = [];
  const request: AnalysisRequest = {
    target: { application: 'shop', environment: 'staging', release: 'v2', baselineRelease: 'v1' },
    criteria: { error_rate: 0.01, latency_p99_ms: 300 },
    spec: AnalysisSpec.parse({ interval_seconds: 10, ...spec }),
    span,
  };
  const run = (signal?: AbortSignal) =>
    runAnalysis(request, { provider, clock, ...(signal && { signal }), onMeasurement: (result, tally) => void seen.push({ result, tally, at: clock.now() }) });
  return { clock, provider, seen, run };
}

describe('runAnalysis', () => {
  it('measures every interval over the window since the previous measurement and passes at the step end', async () => {
    const { provider, seen, run, clock } = setup([healthy]);
    const outcome = await run();
    expect(outcome.verdict).toBe('pass');
    expect(provider.asked).toHaveLength(6);
    expect(provider.asked.slice(0, 2)).toEqual([
      { release: 'v2', sinceMs: T0, untilMs: T0 + 10_000 },
      { release: 'v2', sinceMs: T0 + 10_000, untilMs: T0 + 20_000 },
    ]);
    expect(seen.map((s) => s.at - T0)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(clock.now()).toBe(T0 + 60_000);
    expect(outcome.result).toMatchObject({ verdict: 'pass', requests: 1_200, provider: 'router' });
    expect(outcome.result.message).toBe(
      'analysis passed: 6 measurements: 6 passed, 0 failed, 0 inconclusive, 0 errors — last: error_rate 0 % ≤ 1 %, latency_p99_ms 80 ms ≤ 300 ms over 200 requests',
    );
  });

  it('fails at the first failing measurement with failure_limit 0, and measures nothing after it', async () => {
    const { provider, run, clock } = setup([healthy, failing, healthy]);
    const outcome = await run();
    expect(outcome.verdict).toBe('fail');
    expect(provider.asked).toHaveLength(2);
    expect(clock.now()).toBe(T0 + 20_000);
    expect(outcome.result.message).toBe('analysis failed: 1 failed measurement > failure_limit 0 — last: error_rate 30 % over 400 requests > 1 %');
    expect(outcome.result.measurements).toContainEqual({ metric: 'error_rate', value: 0.3, threshold: 0.01, passed: false });
    expect(outcome.results.map((r) => r.verdict)).toEqual(['pass', 'fail']);
  });

  it('tolerates failure_limit failures', async () => {
    const { run } = setup([failing, healthy], { failure_limit: 1 });
    const outcome = await run();
    expect(outcome.verdict).toBe('pass');
    expect(outcome.tally).toMatchObject({ measured: 6, passed: 5, failed: 1 });
  });

  it('pauses for a person on a release without traffic, never promoting it', async () => {
    const { run } = setup([quiet]);
    const outcome = await run();
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.result.message).toBe(
      'analysis inconclusive, a person decides (promote or abort): 1 inconclusive measurement > inconclusive_limit 0 — last: 2 requests < min_requests 20: too few to judge',
    );
    const tolerant = await setup([quiet], { inconclusive_limit: 10 }).run();
    expect(tolerant.verdict).toBe('inconclusive');
    expect(tolerant.result.message).toContain('no measurement passed (6 measurements: 0 passed, 0 failed, 6 inconclusive, 0 errors)');
  });

  it('fails when the provider stays silent beyond consecutive_error_limit, and counts an error run only while it lasts', async () => {
    const silent = await setup([down], { consecutive_error_limit: 2 }).run();
    expect(silent.verdict).toBe('fail');
    expect(silent.results).toHaveLength(3);
    expect(silent.result.message).toBe(
      'analysis failed: 3 provider errors in a row > consecutive_error_limit 2 — last: router gave no measurement: connect ECONNREFUSED 127.0.0.1:9',
    );
    const flaky = await setup([down, down, healthy, down, down, healthy], { consecutive_error_limit: 2 }).run();
    expect(flaky.verdict).toBe('pass');
    expect(flaky.tally).toMatchObject({ errors: 4, passed: 2 });
  });

  it('takes count measurements one interval apart', async () => {
    const { provider, run } = setup([healthy], {}, { count: 3 });
    expect((await run()).verdict).toBe('pass');
    expect(provider.asked.map((q) => q.untilMs - T0)).toEqual([10_000, 20_000, 30_000]);
  });

  it('measures the baseline over the same windows when enabled, and judges the comparison', async () => {
    const slow = { requests: 8, errors: 0, latency_p99_ms: 230, latencies_ms: [120, 135, 150, 160, 180, 200, 210, 230] };
    const clock = new JumpingClock(T0);
    const provider = new ScriptedProvider({ v2: [slow], v1: [{ requests: 8, errors: 0, latency_p99_ms: 140, latencies_ms: [90, 95, 100, 105, 110, 115, 125, 140] }] });
    const spec = AnalysisSpec.parse({ interval_seconds: 10, min_requests: 5, baseline: { enabled: true } });
    const target = { application: 'shop', environment: 'staging' as const, release: 'v2', baselineRelease: 'v1' };
    const outcome = await runAnalysis({ target, criteria: { latency_p99_ms: 300 }, spec, span: { count: 2 } }, { provider, clock });
    expect(provider.asked).toEqual([
      { release: 'v2', sinceMs: T0, untilMs: T0 + 10_000 },
      { release: 'v1', sinceMs: T0, untilMs: T0 + 10_000 },
    ]);
    expect(outcome.verdict).toBe('fail');
    expect(outcome.result.baseline_p_value).toBeCloseTo(0.002761604417827473, 6);
  });

  it('stops between measurements when aborted, with the signal’s reason', async () => {
    const controller = new AbortController();
    const clock = new JumpingClock(T0);
    const provider = new ScriptedProvider({ v2: [healthy] });
    const request: AnalysisRequest = {
      target: { application: 'shop', environment: 'staging', release: 'v2' },
      criteria: { error_rate: 0.01 },
      spec: AnalysisSpec.parse({ interval_seconds: 10 }),
      span: { untilMs: T0 + 60_000 },
    };
    const onMeasurement = (_result: AnalysisResult, tally: AnalysisTally) => {
      if (tally.measured === 2) controller.abort(new Error('aborted by alice'));
    };
    await expect(runAnalysis(request, { provider, clock, signal: controller.signal, onMeasurement })).rejects.toThrow('aborted by alice');
    expect(provider.asked).toHaveLength(2);
  });
});
