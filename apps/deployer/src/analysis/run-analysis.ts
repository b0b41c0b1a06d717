import type { AnalysisResult, AnalysisSpec, Environment, SuccessCriteria } from '@jetway/contracts';
import type { AnalysisProvider, MetricsWindow } from '../use-cases/analysis.port';
import type { AnalysisClock } from './clock';
import { decide, EMPTY_TALLY, tally, type AnalysisTally } from './decide';
import { judgeMeasurement, providerError } from './judge';
import { planWindows, type AnalysisSpan, type MeasurementWindow } from './windows';

/** What is measured: one release of (application, environment), and the stable one to compare with. */
export interface AnalysisTarget {
  readonly application: string;
  readonly environment: Environment;
  /** The router's label of the release under analysis (the canary, the preview set, the promoted set). */
  readonly release: string;
  /** The stable release's label; measured over the same windows when `spec.baseline.enabled`. */
  readonly baselineRelease?: string;
}

export interface AnalysisRequest {
  readonly target: AnalysisTarget;
  readonly criteria: SuccessCriteria;
  readonly spec: AnalysisSpec;
  /** Until the step's end (epoch ms), or a number of measurements `interval_seconds` apart. */
  readonly span: AnalysisSpan;
}

export interface AnalysisDeps {
  readonly provider: AnalysisProvider;
  readonly clock: AnalysisClock;
  /** Stops the analysis between measurements: `runAnalysis` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Every measurement as it is judged, with the tally so far (a progress event); awaited before the next. */
  readonly onMeasurement?: (result: AnalysisResult, tally: AnalysisTally) => void | Promise<void>;
}

/** How an analysis ended. */
export interface AnalysisOutcome {
  /** `fail`: abort; `inconclusive`: pause until a person promotes or aborts; `pass`: go on. */
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  /**
   * The decision in the contract's shape: the verdict, the requests over all measurements, the
   * deciding (last) measurement's values and p-value, and why in words.
   */
  readonly result: AnalysisResult;
  /** Every measurement, in order. */
  readonly results: readonly AnalysisResult[];
  readonly tally: AnalysisTally;
}

/**
 * Runs an analysis as Argo Rollouts runs a metric: a measurement at the end of each window
 * (`planWindows`: back to back, each covering the time since the previous one), each judged
 * (`judgeMeasurement`; a provider that does not answer is an `error`), the tally decided after
 * each (`decide`): it ends early on a failure, on too many inconclusive measurements or
 * consecutive errors, and passes once the last window was judged. Waits only through `clock`.
 */
export async function runAnalysis(request: AnalysisRequest, deps: AnalysisDeps): Promise<AnalysisOutcome> {
  const windows = planWindows(deps.clock.now(), request.span, request.spec.interval_seconds * 1_000);
  const results: AnalysisResult[] = [];
  let counts = EMPTY_TALLY;
  for (const [i, window] of windows.entries()) {
    await deps.clock.sleepUntil(window.untilMs, deps.signal);
    const result = await measureOnce(request, deps.provider, window);
    deps.signal?.throwIfAborted();
    results.push(result);
    counts = tally(counts, result);
    await deps.onMeasurement?.(result, counts);
    const decision = decide(counts, request.spec, windows.length - i - 1);
    if (decision.done) return outcome(decision.verdict, decision.why, results, counts);
  }
  throw new Error('unreachable: the last window always decides');
}

/** Takes and judges one measurement; a provider that rejects gives an `error` result. */
export async function measureOnce(request: AnalysisRequest, provider: AnalysisProvider, window: MeasurementWindow): Promise<AnalysisResult> {
  const { target, spec, criteria } = request;
  const of = (release: string) => provider.measure({ application: target.application, environment: target.environment, release, ...window });
  const compared = spec.baseline?.enabled && target.baselineRelease !== undefined;
  let canary: MetricsWindow;
  let baseline: MetricsWindow | undefined;
  try {
    [canary, baseline] = await Promise.all([of(target.release), compared && target.baselineRelease !== undefined ? of(target.baselineRelease) : undefined]);
  } catch (error) {
    return providerError(provider.name, error);
  }
  return judgeMeasurement({ provider: provider.name, criteria, spec, canary, ...(baseline && { baseline }) });
}

const HEADINGS = {
  pass: 'analysis passed',
  fail: 'analysis failed',
  inconclusive: 'analysis inconclusive, a person decides (promote or abort)',
} as const;

function outcome(verdict: AnalysisOutcome['verdict'], why: string, results: readonly AnalysisResult[], counts: AnalysisTally): AnalysisOutcome {
  const last = results.at(-1);
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const message = `${HEADINGS[verdict]}: ${why}${last ? ` — last: ${last.message}` : ''}`.slice(0, 1000);
  const result: AnalysisResult = {
    provider: last?.provider ?? 'router',
    verdict,
    requests,
    measurements: last?.measurements ?? [],
    ...(last?.baseline_p_value !== undefined && { baseline_p_value: last.baseline_p_value }),
    message,
  };
  return { verdict, result, results, tally: counts };
}
