import type { PlannedChange } from '@jetway/contracts';
import type { DriftCheck } from './drift-episode';
import type { AppliedStack, DriftProbe } from './drift.ports';

type PartOutcome = { readonly part: string; readonly changes: readonly PlannedChange[]; readonly detail: string } | { readonly part: string; readonly why: string };

/**
 * Re-plans every part the stack has (its last applied configuration against what runs) and
 * combines them: any change is drift (even when another part could not be checked: the change
 * is known); no change anywhere is in sync; no change but a part that could not be checked is
 * unknown (in sync cannot be claimed). A stack with no part a probe covers is unknown, saying so.
 */
export async function checkStack(record: AppliedStack, probes: readonly DriftProbe[]): Promise<DriftCheck> {
  const covering = probes.filter((p) => p.covers(record.spec));
  if (covering.length === 0) {
    return { status: 'unknown', why: `nothing of stack ${record.stack} can be re-planned here (iac_tool ${record.spec.iac_tool}, no messaging part): its files are generated only` };
  }
  const outcomes = await Promise.all(covering.map((probe) => planPart(probe, record)));
  const lines = outcomes.map((o) => ('why' in o ? `${o.part}: could not check (${o.why})` : `${o.part}: ${o.detail}`));
  const changes = outcomes.flatMap((o) => ('changes' in o ? o.changes : []));
  if (changes.length > 0) return { status: 'drifted', changes, detail: lines.join('; ') };
  const unknown = outcomes.filter((o) => 'why' in o);
  if (unknown.length > 0) return { status: 'unknown', why: lines.join('; ') };
  return { status: 'in_sync', detail: lines.join('; ') };
}

async function planPart(probe: DriftProbe, record: AppliedStack): Promise<PartOutcome> {
  try {
    const plan = await probe.plan(record);
    return { part: probe.part, changes: plan.changes, detail: plan.detail };
  } catch (error) {
    return { part: probe.part, why: error instanceof Error ? error.message : String(error) };
  }
}
