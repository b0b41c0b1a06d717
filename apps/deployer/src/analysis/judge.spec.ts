import { AnalysisSpec, type AnalysisResult } from '@jetway/contracts';
import { judgeMeasurement, providerError, type JudgeInput } from './judge';

const spec = AnalysisSpec.parse({ min_requests: 20 });
const judge = (input: Partial<JudgeInput> & Pick<JudgeInput, 'canary'>): AnalysisResult =>
  judgeMeasurement({ provider: 'router', criteria: { error_rate: 0.005, latency_p99_ms: 300 }, spec, ...input });

describe('judgeMeasurement', () => {
  it('fails a breached criterion, saying the value, the requests and the threshold', () => {
    const result = judge({ canary: { requests: 812, errors: 25, latency_p99_ms: 120 } });
    expect(result.verdict).toBe('fail');
    expect(result.message).toBe('error_rate 3.08 % over 812 requests > 0.5 %');
    expect(result.measurements).toEqual([
      { metric: 'error_rate', value: 25 / 812, threshold: 0.005, passed: false },
      { metric: 'latency_p99_ms', value: 120, threshold: 300, passed: true },
    ]);
    expect(result.requests).toBe(812);
  });

  it('names every breach', () => {
    const result = judge({ canary: { requests: 400, errors: 120, latency_p99_ms: 612.34 } });
    expect(result.message).toBe('error_rate 30 % over 400 requests > 0.5 %; latency_p99_ms 612.3 ms over 400 requests > 300 ms');
  });

  it('passes within every threshold (equal passes), in words', () => {
    const result = judge({ canary: { requests: 1000, errors: 5, latency_p99_ms: 300 } });
    expect(result.verdict).toBe('pass');
    expect(result.message).toBe('error_rate 0.5 % ≤ 0.5 %, latency_p99_ms 300 ms ≤ 300 ms over 1,000 requests');
  });

  it('is inconclusive below min_requests, even when the few requests failed — never a pass, never a guess', () => {
    const result = judge({ canary: { requests: 3, errors: 3, latency_p99_ms: 10 } });
    expect(result.verdict).toBe('inconclusive');
    expect(result.message).toBe('3 requests < min_requests 20: too few to judge');
    expect(judge({ canary: { requests: 0, errors: 0 } }).verdict).toBe('inconclusive');
  });

  it('is inconclusive when a criterion has no data (an empty answer, NaN)', () => {
    const prometheus = { provider: 'prometheus' as const };
    const result = judge({ ...prometheus, canary: { error_rate: 0.001, latency_p99_ms: Number.NaN } });
    expect(result).toMatchObject({ verdict: 'inconclusive', message: 'no data for latency_p99_ms from prometheus', requests: 0 });
    expect(result.measurements).toEqual([{ metric: 'error_rate', value: 0.001, threshold: 0.005, passed: true }]);
  });

  it('judges a provider that measures rates but counts no requests (Prometheus) on the rates alone', () => {
    expect(judge({ provider: 'prometheus', canary: { error_rate: 0.3, latency_p99_ms: 50 } }).message).toBe('error_rate 30 % > 0.5 %');
    expect(judge({ provider: 'prometheus', canary: { error_rate: 0, latency_p99_ms: 50 } }).message).toBe('error_rate 0 % ≤ 0.5 %, latency_p99_ms 50 ms ≤ 300 ms');
    expect(judge({ provider: 'prometheus', criteria: {}, canary: {} })).toMatchObject({ verdict: 'inconclusive', message: 'nothing to judge: no criteria, and prometheus counts no requests' });
  });

  it('passes a window with enough requests when there is nothing else to judge', () => {
    expect(judge({ criteria: {}, canary: { requests: 50, errors: 0 } })).toMatchObject({ verdict: 'pass', message: '50 requests served; no criteria to judge', measurements: [] });
  });

  it('turns a provider that did not answer into an error result', () => {
    expect(providerError('router', new Error('connect ECONNREFUSED 127.0.0.1:9'))).toEqual({
      provider: 'router',
      verdict: 'error',
      requests: 0,
      measurements: [],
      message: 'router gave no measurement: connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});

describe('judgeMeasurement with a baseline (Mann-Whitney U, Kayenta)', () => {
  const compared = AnalysisSpec.parse({ min_requests: 5, baseline: { enabled: true, alpha: 0.05 } });
  const slow = [120, 135, 150, 160, 180, 200, 210, 230];
  const fast = [90, 95, 100, 105, 110, 115, 125, 140];
  const window = (latencies_ms: number[]) => ({ requests: latencies_ms.length, errors: 0, latency_p99_ms: Math.max(...latencies_ms), latencies_ms });

  it('fails a canary significantly slower than the baseline, even within its threshold', () => {
    const result = judge({ spec: compared, canary: window(slow), baseline: window(fast) });
    expect(result.verdict).toBe('fail');
    expect(result.baseline_p_value).toBeCloseTo(0.002761604417827473, 6);
    expect(result.message).toBe("latency slower than the baseline: median 170 ms vs the baseline's 107.5 ms, Mann-Whitney p = 0.0028 < alpha 0.05");
    expect(result.measurements).toContainEqual({ metric: 'latency_p99_ms', value: 230, threshold: 300, baseline: 140, passed: false });
    expect(result.measurements).toContainEqual({ metric: 'error_rate', value: 0, threshold: 0.005, baseline: 0, passed: true });
  });

  it('passes a canary significantly faster, or like the baseline', () => {
    expect(judge({ spec: compared, canary: window(fast), baseline: window(slow) }).verdict).toBe('pass');
    const like = judge({ spec: compared, canary: window([100, 101, 99, 102, 98]), baseline: window([100, 99, 101, 103, 97]) });
    expect(like.verdict).toBe('pass');
    expect(like.message).toBe("error_rate 0 % ≤ 0.5 %, latency_p99_ms 102 ms ≤ 300 ms, latency like the baseline: median 100 ms vs the baseline's 100 ms, Mann-Whitney p = 1 over 5 requests");
  });

  it('is inconclusive without latency samples, without a baseline, or when the baseline served too few requests', () => {
    expect(judge({ spec: compared, canary: { ...window(slow), latencies_ms: [] }, baseline: window(fast) }).message).toBe('no latency samples from the canary to compare');
    expect(judge({ spec: compared, canary: window(slow) })).toMatchObject({ verdict: 'inconclusive', message: 'no baseline release to compare with' });
    expect(judge({ spec: compared, canary: window(slow), baseline: window([1, 2]) }).message).toBe('the baseline served 2 requests < min_requests 5: too few to compare');
  });
});
