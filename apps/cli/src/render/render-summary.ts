import type { RunStatusView } from '@jetway/contracts';
import { evidenceLines } from './render-evidence';
import { planReviewLines } from './render-plan-review';
import { rolloutLines } from './render-rollout';
import { renderStepLine, stepState, type StepColumns } from './render-step-line';
import { elapsedMs, formatDuration, paint, type RenderOptions, type Tone } from './style';

const STATUS_TONE: Record<RunStatusView['status'], Tone> = {
  running: 'cyan',
  succeeded: 'green',
  failed: 'red',
  rejected: 'yellow',
};

function columnsFor(steps: RunStatusView['steps']): StepColumns {
  const widest = (values: string[], min: number) => Math.max(min, ...values.map((v) => v.length));
  return {
    step: widest(steps.map((s) => s.step_id), 'STEP'.length),
    kind: widest(steps.map((s) => s.kind), 'KIND'.length),
    env: widest(steps.map((s) => s.environment ?? '-'), 'ENV'.length),
    state: widest(steps.map((s) => stepState(s)), 'STATE'.length),
  };
}

/** The trace id, from the view or from its W3C traceparent (`00-<trace id>-<span id>-<flags>`). */
function traceIdOf(run: RunStatusView): string | undefined {
  return run.trace_id ?? run.traceparent?.split('-')[1];
}

function headerLines(run: RunStatusView, opts: RenderOptions): string[] {
  const ms = elapsedMs(run.created_at, run.finished_at, opts.now);
  const took = ms === undefined ? '' : run.finished_at ? ` after ${formatDuration(ms)}` : ` for ${formatDuration(ms)}`;
  const status = paint(run.status, STATUS_TONE[run.status], opts);
  const lines = [`Run ${run.run_id}  ${run.application}  ${status}${took}`];
  if (run.reason) lines.push(`Reason: ${run.reason}`);
  if (run.cancelled && run.status === 'running') {
    lines.push(paint(`Cancelled by ${run.cancelled.by}${run.cancelled.comment ? `: ${run.cancelled.comment}` : ''}; it stops at its next step boundary`, 'yellow', opts));
  }
  if (run.digest) lines.push(`Artifact: ${run.digest}`);
  return lines;
}

function tableLines(run: RunStatusView, opts: RenderOptions): string[] {
  if (run.steps.length === 0) return ['(no steps planned yet)'];
  const columns = columnsFor(run.steps);
  const head = [' ', 'STEP'.padEnd(columns.step), 'KIND'.padEnd(columns.kind), 'ENV'.padEnd(columns.env)];
  const title = [...head, 'STATE'.padEnd(columns.state), 'DURATION'].join(' ');
  return [paint(title, 'bold', opts), ...run.steps.map((step) => renderStepLine(step, opts, columns))];
}

/** A URL as it is: shown when it answers (or was not asked), "not serving" with why when it does not. */
function urlLine(env: string, url: string, width: number, opts: RenderOptions): string {
  const why = opts.serving?.[env];
  const state = why === undefined ? url : `${url}  ${paint(`not serving (${why})`, 'red', opts)}`;
  return `  ${env.padEnd(width)}  ${state}`;
}

function footerLines(run: RunStatusView, opts: RenderOptions): string[] {
  const urls = Object.entries(run.urls);
  const envWidth = Math.max(0, ...urls.map(([env]) => env.length));
  const lines = urls.length > 0 ? ['URLs:', ...urls.map(([env, url]) => urlLine(env, url, envWidth, opts))] : [];
  const traceId = traceIdOf(run);
  if (traceId) lines.push(`Trace: ${traceId}`);
  if (run.approvers.length > 0) lines.push(`Approvers: ${run.approvers.join(', ')}`);
  if (run.notes?.length) lines.push('Notes:', ...run.notes.map((note) => `  ${note}`));
  return lines;
}

/**
 * A run as plain text: a status line (reason, digest), a compact table of steps with state and
 * duration, each rollout (weight, stage, last analysis against its thresholds), each infrastructure plan under review, the evidence (findings, report and log commands), the URLs (each "not serving" when
 * `opts.serving` says so), the trace id, the approvers and the planner's notes. Colours only when `opts.color`.
 */
export function renderSummary(run: RunStatusView, opts: RenderOptions): string {
  const footer = footerLines(run, opts);
  const evidence = evidenceLines(run, opts);
  const rollouts = rolloutLines(run, opts);
  const reviews = planReviewLines(run, opts);
  const sections = [headerLines(run, opts), tableLines(run, opts), ...[rollouts, reviews, evidence, footer].filter((lines) => lines.length > 0)];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}

