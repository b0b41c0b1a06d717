import { z } from 'zod';

/**
 * The default deadline of each step kind, in seconds: a step with no finished event by then fails
 * the run. Part of the step kinds' one declaration (kinds.ts reads it); kept apart only so that
 * request schemas can build their `deadlines` block without importing the step payloads.
 */
export const DEFAULT_DEADLINES = {
  build: 600,
  scan: 300,
  deploy: 300,
  verify: 120,
  monitor: 120,
  analyze: 120,
  generate: 120,
  validate: 300,
  prove: 1800,
  publish: 120,
  rollback: 120,
  'monitoring-generate': 120,
  'monitoring-validate': 300,
  'monitoring-apply': 120,
  'monitoring-verify': 300,
  'infra-generate': 120,
  'infra-scan': 120,
  'infra-plan': 900,
  'infra-apply': 3600,
  'infra-configure': 1800,
  'infra-verify': 300,
  approval: 86_400,
} as const;
export type DeadlineKind = keyof typeof DEFAULT_DEADLINES;

/** A request's `deadlines` block for the step kinds its pipeline uses, each defaulting to the kind's. */
export function deadlinesFor<const K extends DeadlineKind>(kinds: readonly K[]) {
  const shape = Object.fromEntries(kinds.map((kind) => [kind, z.number().positive().default(DEFAULT_DEADLINES[kind])])) as {
    [P in K]: z.ZodDefault<z.ZodNumber>;
  };
  const schema = z.object(shape);
  // Every field has a default, so an absent block is an empty one with the defaults filled in.
  return schema.prefault(() => ({}) as z.input<typeof schema>);
}
