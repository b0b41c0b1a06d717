import type { PipelineFinished } from '@jetway/contracts';

type Step = PipelineFinished['steps'][number];
type Analysis = NonNullable<NonNullable<Step['rollout']>['analysis']>;
type Measurement = Analysis['measurements'][number];

const BAD = new Set(['failed', 'rolled_back', 'errored']);

/** `sha256:0123456789ab…`: enough for a person to tell releases apart. */
export function shortDigest(digest: string): string {
  return `${digest.slice(0, 19)}…`;
}

function valueOf(metric: Measurement['metric'], value: number): string {
  return metric === 'error_rate' ? `${Number((value * 100).toFixed(2))} %` : `${Number(value.toFixed(1))} ms`;
}

/** `error_rate 31 % > 1 %`: a measurement against its threshold. */
function measurementWords(m: Measurement): string {
  if (m.threshold === undefined) return `${m.metric} ${valueOf(m.metric, m.value)}`;
  return `${m.metric} ${valueOf(m.metric, m.value)} ${m.passed ? '≤' : '>'} ${valueOf(m.metric, m.threshold)}`;
}

/**
 * What an analysis decided, in words: the criteria that failed (all of them when none did) with
 * their measured values against their thresholds, over how many requests, from where.
 */
export function analysisWords(analysis: Analysis): string {
  const failing = analysis.measurements.filter((m) => !m.passed);
  const shown = (failing.length > 0 ? failing : analysis.measurements).map(measurementWords).join(', ');
  const verdict = { pass: 'passed', fail: 'failed', inconclusive: 'was inconclusive', error: 'could not measure' }[analysis.verdict];
  return `analysis ${verdict}${shown ? `: ${shown}` : ''} over ${analysis.requests} requests (${analysis.provider})`;
}

/** A deploy step that rolled back on its own (analysis, a failed health check), not by an operator's abort. */
export function rolledBackAutomatically(step: Step): boolean {
  return step.kind === 'deploy' && step.outcome === 'rolled_back' && step.aborted_by === undefined;
}

function outcomeWords(step: Step): string {
  if (step.outcome === 'rolled_back') return step.aborted_by ? `was aborted by ${step.aborted_by} and rolled back` : 'rolled back automatically';
  return step.outcome ?? 'did not finish';
}

/**
 * One step that did not succeed, in words: which step (strategy, environment, weight), what the
 * last analysis measured against its thresholds, the worker's reason, and what serves now.
 */
export function stepWords(step: Step): string {
  const rollout = step.rollout;
  const strategy = rollout ? ` (${rollout.strategy})` : '';
  const where = step.environment ? ` in ${step.environment}` : '';
  // After a rollback the weight is back to 0: then the stage it got to says where it stopped.
  const at = !rollout || step.outcome !== 'rolled_back' ? '' : rollout.weight ? ` at ${rollout.weight} % of traffic` : rollout.stage !== undefined ? ` at stage ${rollout.stage + 1}` : '';
  const parts = [`${step.step_id}${strategy} ${outcomeWords(step)}${where}${at}`];
  if (rollout?.analysis && rollout.analysis.verdict !== 'pass') parts.push(analysisWords(rollout.analysis));
  if (step.reason) parts.push(step.reason);
  if (rollout?.message && rollout.message !== step.reason) parts.push(rollout.message);
  else if (step.outcome === 'rolled_back' && !/serv/i.test(step.reason ?? '')) parts.push('the previous release still serves');
  return parts.join('; ');
}

/** A rollback run, in words: who rolled what back where, what serves again and what it replaced. */
function rollbackWords(run: PipelineFinished, step: Step): string {
  const who = run.requested_by && run.requested_by !== 'unknown' ? run.requested_by : 'an operator';
  const where = step.environment ?? 'its environment';
  if (step.outcome !== 'succeeded' || !step.release) return `${who} asked to roll ${run.application} back in ${where}: ${stepWords(step)}`;
  const replaced = step.release.replaced_digest ? ` (replacing ${shortDigest(step.release.replaced_digest)})` : '';
  return `${who} rolled ${run.application} back in ${where}: ${shortDigest(step.release.digest)} serves again${replaced}${step.reason ? `; ${step.reason}` : ''}`;
}

/**
 * What happened in a run, one line per fact a person needs: each step that did not succeed (with
 * the criterion that failed, measured against its threshold, and what serves now), a rollback
 * run's switch, or for a success what serves where.
 */
export function storyOf(run: PipelineFinished): string[] {
  const lines: string[] = [];
  for (const step of run.steps) {
    if (step.kind === 'rollback') lines.push(rollbackWords(run, step));
    else if (step.outcome && BAD.has(step.outcome)) lines.push(stepWords(step));
  }
  if (run.outcome === 'succeeded') {
    for (const step of run.steps) {
      if (step.kind !== 'deploy' || !step.release || !step.environment) continue;
      const strategy = step.rollout ? ` (${step.rollout.strategy})` : '';
      lines.push(`${shortDigest(step.release.digest)} serves ${step.environment}${strategy}${step.release.replaced_digest ? `, replacing ${shortDigest(step.release.replaced_digest)}` : ''}`);
    }
  }
  return lines;
}
