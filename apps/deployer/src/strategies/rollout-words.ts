import type { AnalysisResult } from '@jetway/contracts';
import type { Command, ReleaseSide, RolloutState } from './rollout.types';

// How a rollout's decisions read in progress events, step reasons and notifications: which
// step, which criterion with its measured value against its threshold, what serves now.

type Measurement = AnalysisResult['measurements'][number];

/** `error rate 31.0 % (threshold 0.5 %)`, `p99 latency 812 ms (threshold 400 ms)`. */
export function describeMeasurement(m: Measurement): string {
  const value = (v: number) => (m.metric === 'error_rate' ? `${(v * 100).toFixed(1)} %` : `${Math.round(v)} ms`);
  const name = m.metric === 'error_rate' ? 'error rate' : 'p99 latency';
  const threshold = m.threshold === undefined ? '' : ` (threshold ${value(m.threshold)})`;
  const baseline = m.baseline === undefined ? '' : `, stable ${value(m.baseline)}`;
  return `${name} ${value(m.value)}${threshold}${baseline}`;
}

/** Why an analysis did not pass: the failed criteria with their values, or the provider's message. */
export function analysisWords(result: AnalysisResult): string {
  const failed = result.measurements.filter((m) => !m.passed);
  const over = `over ${result.requests} request${result.requests === 1 ? '' : 's'}`;
  if (result.verdict === 'pass') return `passed: ${result.measurements.map(describeMeasurement).join(', ') || 'no criteria'} ${over}`;
  if (result.verdict === 'fail' && failed.length > 0) return `failed: ${failed.map(describeMeasurement).join('; ')} ${over}`;
  return `${result.verdict}: ${result.message}`;
}

/** `sha256:abcd…1234` for messages: enough to tell releases apart, short enough to read. */
export function shortDigest(digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return `${hex.slice(0, 12)}`;
}

export function sideWords(side: ReleaseSide | undefined): string {
  return side ? `release ${shortDigest(side.digest)}` : 'no release';
}

/** What serves when the new release was taken out of traffic. */
export function stableServes(state: RolloutState): string {
  return state.stable ? `the stable ${sideWords(state.stable)} serves all traffic` : 'no release serves';
}

export function commandWords(command: Command): string {
  return `${command.command} by ${command.by}${command.comment ? ` ("${command.comment}")` : ''}`;
}

/** `step 2 of 4 (25 %)`. */
export function canaryStepWords(state: RolloutState): string {
  return `step ${state.stage + 1} of ${state.rollout.canary.steps.length} (${state.weight} %)`;
}
