import type { ChangelogEntry } from '@jetway/contracts';
import { shortDigest, table, when } from './render-listings';
import type { RenderOptions } from './style';

/** What an entry did: its plan summary, after the entry it restored when it was a rollback. */
function what(entry: ChangelogEntry): string {
  const restores = entry.spec?.restores;
  if (!restores) return entry.summary;
  const by = restores.requested_by ? `, asked by ${restores.requested_by}` : '';
  return `rollback to ${restores.environment} #${restores.sequence}${by} — ${entry.summary}`;
}

/**
 * `jetway changelog`: one line per apply, newest first — sequence, environment, when, the run, who
 * approved its plan (or policy:auto), the files' digest, and the plan summary (a rollback says
 * which entry it restored). `--json` has the whole entries, specs included.
 */
export function renderChangelog(stack: string, entries: readonly ChangelogEntry[], opts: RenderOptions, environment?: string): string {
  if (entries.length === 0) return `no changelog entry for stack ${stack}${environment ? ` in ${environment}` : ''}: nothing was applied there (each infrastructure apply appends one)`;
  const rows = entries.map((e) => [`#${e.sequence}`, e.environment, when(e.applied_at), e.run_id, e.approved_by.join(',') || '-', shortDigest(e.digest), what(e)]);
  const lines = table(['SEQ', 'ENV', 'APPLIED (UTC)', 'RUN', 'APPROVED BY', 'FILES', 'PLAN'], rows, opts);
  const unrestorable = entries.filter((e) => !e.spec).map((e) => `${e.environment} #${e.sequence}`);
  if (unrestorable.length > 0) lines.push('', `(${unrestorable.join(', ')}: written before entries recorded their spec; jetway rollback --infra cannot re-apply them)`);
  return lines.join('\n');
}
