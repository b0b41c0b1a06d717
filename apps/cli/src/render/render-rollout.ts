import { AnalysisResult, RolloutProgressed, type RunStatusView } from '@jetway/contracts';
import { paint, type RenderOptions, type Tone } from './style';

type Step = RunStatusView['steps'][number];
type Measurement = AnalysisResult['measurements'][number];

/** The rollout progress a step carries (a `rollout.progressed` body), when it is one. */
export function progressOf(step: Step): RolloutProgressed | undefined {
  const parsed = step.progress ? RolloutProgressed.safeParse(step.progress) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

const VERDICT_TONE: Record<AnalysisResult['verdict'], Tone> = { pass: 'green', fail: 'red', inconclusive: 'yellow', error: 'red' };

/** 0.0123 → "1.23 %" for rates; milliseconds for latency. */
function valueOf(metric: Measurement['metric'], value: number): string {
  if (metric === 'error_rate') return `${Number((value * 100).toFixed(2))} %`;
  return `${Number(value.toFixed(1))} ms`;
}

/** `error_rate 31 % > 1 % ✗` — a measurement against its threshold (and the baseline, when compared). */
export function measurementText(m: Measurement): string {
  const against = m.threshold === undefined ? '' : ` ${m.passed ? '≤' : '>'} ${valueOf(m.metric, m.threshold)}`;
  const baseline = m.baseline === undefined ? '' : ` (baseline ${valueOf(m.metric, m.baseline)})`;
  return `${m.metric} ${valueOf(m.metric, m.value)}${against}${baseline} ${m.passed ? '✓' : '✗'}`;
}

/** `pass over 412 requests (router): error_rate 0.2 % ≤ 1 % ✓ · latency_p99_ms 120 ms ≤ 500 ms ✓` */
export function analysisText(analysis: AnalysisResult, opts: RenderOptions): string {
  const measured = analysis.measurements.map(measurementText).join(' · ');
  const p = analysis.baseline_p_value === undefined ? '' : ` · Mann-Whitney p=${analysis.baseline_p_value.toFixed(3)}`;
  const verdict = paint(analysis.verdict, VERDICT_TONE[analysis.verdict], opts);
  return `${verdict} over ${analysis.requests} requests (${analysis.provider})${measured ? `: ${measured}` : ''}${p}${analysis.message ? ` — ${analysis.message}` : ''}`;
}

/** `weight 25 % · paused` (the message says which step: a move's event carries the stage it moves to). */
function positionText(progress: RolloutProgressed): string {
  const parts = [progress.weight === undefined ? undefined : `weight ${progress.weight} %`, progress.phase];
  return parts.filter((p) => p !== undefined).join(' · ');
}

/** The commands that move a paused rollout on. */
export function promoteHint(run: Pick<RunStatusView, 'run_id' | 'approvers'>): string {
  const who = run.approvers.length === 1 ? run.approvers[0] : `<${run.approvers.join('|') || 'an approver'}>`;
  return `promote: jetway promote ${run.run_id} --as ${who}   (or abort: jetway abort ${run.run_id} --as ${who})`;
}

/** One line per progress event, as `--watch` prints them: where the rollout is and, for an analysis, its decision. */
export function renderProgressLine(run: Pick<RunStatusView, 'run_id' | 'approvers'>, progress: RolloutProgressed, opts: RenderOptions): string {
  const head = `  ↳ ${progress.step_id} ${progress.strategy} ${positionText(progress)}`;
  const lines = [`${head}: ${progress.message}`];
  if (progress.analysis) lines.push(`      analysis ${analysisText(progress.analysis, opts)}`);
  if (progress.preview_url) lines.push(`      preview: ${progress.preview_url}`);
  if (progress.phase === 'paused') lines.push(paint(`      ${promoteHint(run)}`, 'yellow', opts));
  return lines.join('\n');
}

/** `status`: each step with a rollout — its weight, stage and phase, the last analysis, commands given, what to do when paused. */
export function rolloutLines(run: RunStatusView, opts: RenderOptions): string[] {
  const lines: string[] = [];
  for (const step of run.steps) {
    const progress = progressOf(step);
    if (!progress) continue;
    lines.push(`Rollout of ${step.step_id} (${progress.strategy}): ${positionText(progress)}`, `  ${progress.message}`);
    if (progress.analysis) lines.push(`  last analysis: ${analysisText(progress.analysis, opts)}`);
    if (progress.preview_url) lines.push(`  preview: ${progress.preview_url}`);
    for (const c of step.commands ?? []) lines.push(`  ${c.command} by ${c.by} at ${c.at}${c.comment ? `: ${c.comment}` : ''}`);
    const live = step.status !== 'finished' && step.status !== 'pending';
    if (live && progress.phase === 'paused' && run.status === 'running') lines.push(paint(`  ${promoteHint(run)}`, 'yellow', opts));
  }
  return lines;
}
