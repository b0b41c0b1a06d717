import { EnvironmentType, type ChangelogEntry, type ChangelogQuery, type ChangelogReply } from '@jetway/contracts';
import type { InfraStackStore } from '../infrastructure';

/** What the changelog query reads: the stack store's per-environment changelogs. */
export type ChangelogSource = Pick<InfraStackStore, 'changelog'>;

/** Newest first: by when it was applied, then (one environment's entries) by sequence. */
function newestFirst(a: ChangelogEntry, b: ChangelogEntry): number {
  return b.applied_at.localeCompare(a.applied_at) || b.sequence - a.sequence;
}

/**
 * `jetway changelog <stack> [--env]`: the stack's changelog entries (one per apply), newest first,
 * at most `limit`; every environment's unless one is asked for. A stack never applied has none
 * (an empty list, not an error). Never rejects: a store that cannot be read is `ok: false`.
 */
export async function answerChangelogQuery(query: ChangelogQuery, source: ChangelogSource): Promise<ChangelogReply> {
  try {
    const environments = query.environment ? [query.environment] : EnvironmentType.options;
    const entries = (await Promise.all(environments.map((environment) => source.changelog(query.stack, environment)))).flat();
    return { ok: true, stack: query.stack, entries: entries.sort(newestFirst).slice(0, query.limit) };
  } catch (error) {
    return { ok: false, error: `cannot read the changelog of stack ${query.stack}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
