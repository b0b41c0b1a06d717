import type { InfraPlanReview, PlannedChange } from '@jetway/contracts';

// The CLI's `jetway status` renders a plan under review the same way (apps/cli render-plan-review.ts);
// an app cannot import another app, so the notifier keeps this small copy of the symbols.

/** Terraform's symbols for its actions (and the JetStream diff's words), as `jetway status` shows them. */
const MARKS: Record<string, string> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '-/+',
  'delete-then-create': '-/+',
  'create-then-delete': '+/-',
  read: '<=',
  forget: '.',
  'create-then-forget': '+.',
};

/**
 * The deployer lists at most 500 changes; past that its last entry is a note with this action,
 * `(N more changes, not listed; the counts include them)`, shown as it is.
 */
const NOTE_ACTION = 'more';
/** Addresses longer than this are not padded to: one long module path would push every action off the line. */
const PAD_LIMIT = 60;

/** `+` for create, `-/+` for replace; an action Terraform has no symbol for is a change (`~`). */
export function markOf(action: string): string {
  return MARKS[action] ?? '~';
}

/** `2 to add, 1 to change, 1 to destroy[, 1 to import]`: Terraform's own summary words. */
export function countsLine(plan: Pick<InfraPlanReview, 'add' | 'change' | 'destroy' | 'import'>): string {
  const imports = plan.import > 0 ? `, ${plan.import} to import` : '';
  return `${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy${imports}`;
}

/** One line per change, `-/+ aws_db_instance.main  replace`, the marks right-aligned and addresses padded as in `jetway status`. */
export function changeLines(changes: readonly PlannedChange[]): string[] {
  const width = Math.min(PAD_LIMIT, Math.max(0, ...changes.filter((c) => c.action !== NOTE_ACTION).map((c) => c.address.length)));
  return changes.map((c) => (c.action === NOTE_ACTION ? c.address : `${markOf(c.action).padStart(3)} ${c.address.padEnd(width)}  ${c.action}`));
}

/** The lines that fit, and how many did not. */
export interface Cut {
  readonly kept: string[];
  readonly left: number;
}

/**
 * Keeps lines, in order, while their text joined by newlines plus `reserve` characters (what the
 * caller adds around them, including its "… and N more" line) stays within `budget`. Lines are
 * measured as given: escape them before cutting.
 */
export function cutToFit(lines: readonly string[], budget: number, reserve: number): Cut {
  const kept: string[] = [];
  let used = reserve;
  for (const line of lines) {
    const cost = line.length + (kept.length > 0 ? 1 : 0);
    if (used + cost > budget) break;
    kept.push(line);
    used += cost;
  }
  return { kept, left: lines.length - kept.length };
}
