import type { RunStatusView } from '@jetway/contracts';
import { elapsedMs, formatDuration, paint, type RenderOptions, type Tone } from './style';

export type StepView = RunStatusView['steps'][number];

/** Column widths; `renderSummary` fits them to its steps, a lone line uses the defaults. */
export interface StepColumns {
  readonly step: number;
  readonly kind: number;
  readonly env: number;
  readonly state: number;
}

export const DEFAULT_COLUMNS: StepColumns = { step: 18, kind: 8, env: 11, state: 16 };

/** Widths for lines printed one at a time as a run goes: the defaults, widened to the run's longest step id, kind and environment. */
export function liveColumns(steps: readonly StepView[]): StepColumns {
  const widest = (values: string[], min: number) => Math.max(min, ...values.map((v) => v.length));
  return {
    step: widest(steps.map((s) => s.step_id), DEFAULT_COLUMNS.step),
    kind: widest(steps.map((s) => s.kind), DEFAULT_COLUMNS.kind),
    env: widest(steps.map((s) => s.environment ?? '-'), DEFAULT_COLUMNS.env),
    state: DEFAULT_COLUMNS.state,
  };
}

const LOOK: Record<string, { mark: string; tone: Tone }> = {
  succeeded: { mark: '✓', tone: 'green' },
  failed: { mark: '✗', tone: 'red' },
  errored: { mark: '!', tone: 'red' },
  rolled_back: { mark: '↺', tone: 'yellow' },
  skipped: { mark: '-', tone: 'dim' },
  running: { mark: '…', tone: 'cyan' },
  triggered: { mark: '…', tone: 'cyan' },
  waiting_approval: { mark: '?', tone: 'yellow' },
  pending: { mark: '·', tone: 'dim' },
  finished: { mark: '•', tone: 'bold' },
};

/** A finished step shows its outcome; an unfinished one its status. */
export function stepState(step: StepView): string {
  return step.status === 'finished' ? (step.outcome ?? 'finished') : step.status;
}

function durationOf(step: StepView, opts: RenderOptions): string {
  const ms = elapsedMs(step.started_at, step.finished_at, opts.now);
  if (ms === undefined) return '-';
  return step.finished_at ? formatDuration(ms) : `${formatDuration(ms)}+`;
}

/** One step as a table row: mark, id, kind, environment, state, duration, and why if it did not succeed. */
export function renderStepLine(step: StepView, opts: RenderOptions, columns: StepColumns = DEFAULT_COLUMNS): string {
  const state = stepState(step);
  const look = LOOK[state] ?? { mark: ' ', tone: undefined };
  const cells = [
    paint(look.mark, look.tone, opts),
    step.step_id.padEnd(columns.step),
    step.kind.padEnd(columns.kind),
    (step.environment ?? '-').padEnd(columns.env),
    paint(state.replace('_', ' ').padEnd(columns.state), look.tone, opts),
    durationOf(step, opts),
  ];
  const reason = step.reason ? `  ${paint(`— ${firstLine(step.reason)}`, 'dim', opts)}` : '';
  return `${cells.join(' ')}${reason}`.trimEnd();
}

const REASON_WIDTH = 160;

/**
 * A reason's first line, cut to fit a table row: a failed build's reason carries its log tail,
 * which the summary's "Reason:" prints once in full (and `jetway logs` prints whole).
 */
function firstLine(reason: string): string {
  const [line = ''] = reason.split('\n');
  const more = line.length > REASON_WIDTH || reason.includes('\n');
  return more ? `${line.slice(0, REASON_WIDTH).trimEnd()} …` : line;
}
