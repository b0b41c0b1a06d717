import type { AnalysisResult } from '@jetway/contracts';
import { decide, EMPTY_TALLY, tally, type AnalysisTally } from './decide';

const limits = { failure_limit: 1, inconclusive_limit: 1, consecutive_error_limit: 2 };
const of = (...verdicts: AnalysisResult['verdict'][]): AnalysisTally =>
  verdicts.reduce((t, verdict) => tally(t, { provider: 'router', verdict, requests: 0, measurements: [], message: '' }), EMPTY_TALLY);

describe('decide (Argo Rollouts: failureLimit, inconclusiveLimit, consecutiveErrorLimit)', () => {
  it('keeps measuring while every count is within its limit', () => {
    expect(decide(of('fail', 'inconclusive', 'error', 'error', 'pass'), limits, 1)).toEqual({ done: false });
  });

  it('fails once failures exceed failure_limit, even with windows left', () => {
    expect(decide(of('fail', 'pass', 'fail'), limits, 5)).toEqual({ done: true, verdict: 'fail', why: '2 failed measurements > failure_limit 1' });
    expect(decide(of('fail'), { ...limits, failure_limit: 0 }, 5)).toMatchObject({ verdict: 'fail', why: '1 failed measurement > failure_limit 0' });
  });

  it('is inconclusive once inconclusive measurements exceed inconclusive_limit (a person decides)', () => {
    expect(decide(of('inconclusive', 'pass', 'inconclusive'), limits, 5)).toEqual({ done: true, verdict: 'inconclusive', why: '2 inconclusive measurements > inconclusive_limit 1' });
  });

  it('checks failures before inconclusives', () => {
    expect(decide(of('inconclusive', 'inconclusive', 'fail', 'fail'), limits, 0)).toMatchObject({ verdict: 'fail' });
  });

  it('fails on consecutive provider errors beyond the limit; any other result resets the run', () => {
    expect(decide(of('error', 'error', 'error'), limits, 5)).toEqual({ done: true, verdict: 'fail', why: '3 provider errors in a row > consecutive_error_limit 2' });
    const reset = of('error', 'error', 'pass', 'error', 'error');
    expect(reset).toMatchObject({ errors: 4, consecutiveErrors: 2 });
    expect(decide(reset, limits, 5)).toEqual({ done: false });
  });

  it('passes after the last window within every limit', () => {
    expect(decide(of('pass', 'fail', 'inconclusive', 'error', 'pass'), limits, 0)).toEqual({
      done: true,
      verdict: 'pass',
      why: '5 measurements: 2 passed, 1 failed, 1 inconclusive, 1 error',
    });
  });

  it('never passes blind: without a single passing measurement the end is inconclusive', () => {
    expect(decide(of('error', 'error'), limits, 0)).toEqual({ done: true, verdict: 'inconclusive', why: 'no measurement passed (2 measurements: 0 passed, 0 failed, 0 inconclusive, 2 errors)' });
    expect(decide(of('inconclusive'), limits, 0)).toMatchObject({ verdict: 'inconclusive' });
  });
});
