import type { PlannedRun } from './workload';

/** One effect seen at an outside boundary, attributed to the application it belongs to. */
export interface SeenEffect {
  readonly application: string | undefined;
  /** What makes two sightings the same effect (a process start is never the same as another). */
  readonly key: string;
}

/** Effects of one kind, against what the runs should have caused. */
export interface EffectTally {
  readonly expected: number;
  readonly actual: number;
  /** Effects beyond the expected ones: must be 0. */
  readonly repeated: number;
  /** Expected effects that never happened: must be 0 too. */
  readonly missing: number;
  /** Applications whose count is off: `name actual/expected`. */
  readonly off?: readonly string[];
}

/**
 * Tallies effects per application against `expectedFor(run)`; effects of the same key seen
 * twice, or of no planned application, count as repeated.
 */
export function tally(seen: readonly SeenEffect[], runs: readonly PlannedRun[], expectedFor: (run: PlannedRun) => number): EffectTally {
  const byApp = new Map<string, number>();
  const keys = new Set<string>();
  let repeated = 0;
  for (const effect of seen) {
    if (keys.has(effect.key)) repeated += 1;
    keys.add(effect.key);
    byApp.set(effect.application ?? '', (byApp.get(effect.application ?? '') ?? 0) + 1);
  }
  const planned = new Set(runs.map((r) => r.application));
  let missing = 0;
  let beyond = 0;
  const off: string[] = [];
  for (const run of runs) {
    const actual = byApp.get(run.application) ?? 0;
    missing += Math.max(0, expectedFor(run) - actual);
    beyond += Math.max(0, actual - expectedFor(run));
    if (actual !== expectedFor(run)) off.push(`${run.application} ${actual}/${expectedFor(run)}`);
  }
  for (const [application, count] of byApp) if (!planned.has(application)) beyond += count;
  return {
    expected: runs.reduce((sum, run) => sum + expectedFor(run), 0),
    actual: seen.length,
    repeated: Math.max(repeated, beyond),
    missing,
    off,
  };
}

/** The chaos apps' names are `chaos-<variant>-<4 digits>`; find the one a text or key names. */
export function applicationIn(text: string): string | undefined {
  return /chaos-[a-z]+-\d{4}/.exec(text)?.[0];
}
