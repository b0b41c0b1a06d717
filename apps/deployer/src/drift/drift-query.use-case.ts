import { EnvironmentType, type DriftCheckQuery, type DriftCheckReply } from '@jetway/contracts';
import type { DriftCheckResult } from './drift-episode';
import type { StackRecords } from './drift.ports';
import { runDriftCheck, type DriftCheckDeps } from './run-drift-check.use-case';

export interface DriftQueryDeps extends DriftCheckDeps {
  readonly records: StackRecords;
}

const ORDER: readonly string[] = EnvironmentType.options;

/**
 * `jetway drift <stack> [--env]`: checks every applied environment of the stack now (or the one
 * asked for) and answers per environment. Each check counts as a scheduled one would: a drift it
 * finds opens the episode (and its notification) if none is open. Never rejects: a failure is
 * `ok: false` saying what went wrong.
 */
export async function answerDriftQuery(query: DriftCheckQuery, deps: DriftQueryDeps): Promise<DriftCheckReply> {
  try {
    const records = (await deps.records.list(query.stack)).filter((r) => r.stack === query.stack && (!query.environment || r.environment === query.environment));
    if (records.length === 0) {
      const where = query.environment ? ` in ${query.environment}` : '';
      return { ok: false, error: `stack ${query.stack} has no applied configuration${where} to compare with: drift is checked once an infrastructure run applied it` };
    }
    records.sort((a, b) => ORDER.indexOf(a.environment) - ORDER.indexOf(b.environment));
    const results: DriftCheckResult[] = await Promise.all(records.map((record) => runDriftCheck(record, deps)));
    return { ok: true, stack: query.stack, results };
  } catch (error) {
    return { ok: false, error: `cannot check stack ${query.stack} for drift: ${error instanceof Error ? error.message : String(error)}` };
  }
}
