import type { ReleaseHistoryEntry, RunSummary } from '@jetway/contracts';
import { paint, type RenderOptions, type Tone } from './style';

const STATUS_TONE: Record<string, Tone> = { running: 'cyan', succeeded: 'green', failed: 'red', rejected: 'yellow' };

/** `2026-11-30T10:00:01.123Z` → `2026-11-30 10:00:01` (UTC, as stored). */
export function when(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : '-';
}

/** `sha256:0123456789ab…`: enough to tell releases apart; `--json` has the whole digest. */
export function shortDigest(digest: string | undefined): string {
  return digest ? `${digest.slice(0, 19)}…` : '-';
}

/** A reason's first line, cut for a table (a build's reason carries its log tail). */
function brief(text: string | undefined): string {
  const [line = ''] = (text ?? '').split('\n');
  return line.length > 120 || (text ?? '').includes('\n') ? `${line.slice(0, 120).trimEnd()} …` : line;
}

/** Columns padded to their widest cell; the last column is left as it is (a reason). */
export function table(head: string[], rows: string[][], opts: RenderOptions, tones: (Tone | undefined)[][] = []): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], rowTones: (Tone | undefined)[] = []) =>
    cells
      .map((cell, i) => paint(i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0), rowTones[i], opts))
      .join('  ')
      .trimEnd();
  return [paint(line(head), 'bold', opts), ...rows.map((row, i) => line(row, tones[i]))];
}

/** `jetway history`: what served, newest first — environment, digest, strategy, when, run, how it went, and whether it serves now. */
export function renderHistory(application: string, releases: readonly ReleaseHistoryEntry[], opts: RenderOptions): string {
  if (releases.length === 0) return `no release of ${application} is recorded (nothing was deployed, or the releases bucket was reset)`;
  const rows = releases.map((r) => [
    r.environment,
    shortDigest(r.digest),
    r.strategy,
    when(r.deployed_at),
    r.run_id,
    r.run_kind ?? '?',
    r.run_status ?? 'unknown',
    r.current ? 'serving' : '',
    r.run_kind === 'rollback' && r.requested_by ? `rolled back by ${r.requested_by}` : brief(r.run_reason),
  ]);
  const tones = releases.map((r) => [undefined, undefined, undefined, undefined, undefined, undefined, STATUS_TONE[r.run_status ?? ''], r.current ? ('green' as Tone) : undefined]);
  return table(['ENV', 'DIGEST', 'STRATEGY', 'DEPLOYED (UTC)', 'RUN', 'KIND', 'RUN STATUS', 'NOW', 'NOTE'], rows, opts, tones).join('\n');
}

/** `jetway runs`: one line per run, newest first. */
export function renderRunList(runs: readonly RunSummary[], more: boolean, opts: RenderOptions): string {
  if (runs.length === 0) return 'no runs match';
  const rows = runs.map((r) => [r.run_id, r.kind, r.application, r.status, when(r.created_at), r.environments.join(',') || '-', brief(r.reason)]);
  const tones = runs.map((r) => [undefined, undefined, undefined, STATUS_TONE[r.status]]);
  const lines = table(['RUN', 'KIND', 'APPLICATION', 'STATUS', 'CREATED (UTC)', 'ENVIRONMENTS', 'REASON'], rows, opts, tones);
  if (more) lines.push(paint(`(more runs match: raise --limit, or narrow with --kind, --application, --status)`, 'dim', opts));
  return lines.join('\n');
}
