/** How to draw: `color` only when stdout is a TTY (and NO_COLOR is unset; the caller decides). */
export interface RenderOptions {
  readonly color: boolean;
  /** Per environment: why its URL does not answer (undefined: it answers). Absent: URLs were not asked. */
  readonly serving?: Readonly<Record<string, string | undefined>>;
  /** "Now" for durations of things still running; defaults to the current time. */
  readonly now?: Date;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Tone = keyof typeof CODES;

export function paint(text: string, tone: Tone | undefined, opts: RenderOptions): string {
  return opts.color && tone ? `\u001b[${CODES[tone]}m${text}\u001b[0m` : text;
}

/** 850ms, 4.1s, 2m 05s, 1h 02m: short and unambiguous. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.floor(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Milliseconds between two ISO timestamps, `end` defaulting to now; undefined without a start. */
export function elapsedMs(start: string | undefined, end: string | undefined, now: Date = new Date()): number | undefined {
  if (!start) return undefined;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now.getTime();
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : Math.max(0, to - from);
}
