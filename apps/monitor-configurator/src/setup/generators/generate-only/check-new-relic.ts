import { z } from 'zod';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check } from '../../bundle.types';
import { NEW_RELIC_DIR } from './new-relic';

// New Relic publishes no offline schema of NerdGraph's inputs and no NRQL parser, so these are
// Jetway's own checks against the input types as New Relic documents them, and each Check says so:
// no New Relic tool validated anything here.

export const NEW_RELIC_CHECK = 'new relic nerdgraph input (structural, no New Relic validator)';
const NOT_VALIDATED = 'New Relic offers no offline validator (NerdGraph schema or NRQL parser); checked only against the documented input types, NRQL not parsed';

const Terms = z.strictObject({
  operator: z.enum(['ABOVE', 'ABOVE_OR_EQUALS', 'BELOW', 'BELOW_OR_EQUALS', 'EQUALS', 'NOT_EQUALS']),
  priority: z.enum(['CRITICAL', 'WARNING']),
  threshold: z.number(),
  // NerdGraph: a multiple of the aggregation window, 60..86400 seconds.
  thresholdDuration: z.number().int().min(60).max(86400),
  thresholdOccurrences: z.enum(['ALL', 'AT_LEAST_ONCE']),
});

const Condition = z.strictObject({
  policy: z.string().min(1),
  condition: z.strictObject({
    name: z.string().min(1).max(128),
    enabled: z.boolean(),
    description: z.string(),
    nrql: z.strictObject({ query: z.string().regex(/^SELECT\s.+\sFROM\s/i, 'must be an NRQL SELECT … FROM … query') }),
    signal: z.strictObject({ aggregationWindow: z.number().int().min(30).max(7200), aggregationMethod: z.enum(['EVENT_FLOW', 'EVENT_TIMER', 'CADENCE']), aggregationDelay: z.number().int().min(0) }),
    terms: z.array(Terms).min(1),
    violationTimeLimitSeconds: z.number().int().min(300).max(2592000),
    expiration: z.strictObject({ closeViolationsOnExpiration: z.boolean(), openViolationOnExpiration: z.boolean(), expirationDuration: z.number().int().min(30) }).optional(),
  }),
});

const Policy = z.strictObject({ policy: z.strictObject({ name: z.string().min(1).max(128), incidentPreference: z.enum(['PER_POLICY', 'PER_CONDITION', 'PER_CONDITION_AND_TARGET']) }) });

export async function checkNewRelic(dir: string): Promise<Check[]> {
  const policies = await filesIn(dir, 'policies');
  const conditions = await filesIn(dir, 'conditions');
  if (policies.length === 0 || conditions.length === 0) return [{ check: NEW_RELIC_CHECK, file: `${NEW_RELIC_DIR}/`, passed: false, detail: 'the bundle has no New Relic policies or conditions' }];
  const policyNames = new Set<string>();
  const checks: Check[] = [];
  for (const file of policies) {
    const result = parsed(Policy, await readFile(join(dir, file), 'utf8'));
    if (result.data) policyNames.add(result.data.policy.name);
    checks.push(verdict(file, result.problems));
  }
  for (const file of conditions) {
    const result = parsed(Condition, await readFile(join(dir, file), 'utf8'));
    const orphan = result.data && !policyNames.has(result.data.policy) ? [`policy "${result.data.policy}" is not among the generated policies`] : [];
    checks.push(verdict(file, [...result.problems, ...orphan]));
  }
  return checks;
}

async function filesIn(dir: string, folder: string): Promise<string[]> {
  const names = await readdir(join(dir, NEW_RELIC_DIR, folder)).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json')).sort().map((n) => `${NEW_RELIC_DIR}/${folder}/${n}`);
}

function parsed<T>(schema: z.ZodType<T>, text: string): { data?: T; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`does not parse as JSON: ${(error as Error).message}`] };
  }
  const result = schema.safeParse(json);
  if (result.success) return { data: result.data, problems: [] };
  return { problems: result.error.issues.map((issue) => `${issue.path.join('.') || '/'}: ${issue.message}`) };
}

function verdict(file: string, problems: readonly string[]): Check {
  const detail = problems.length === 0 ? NOT_VALIDATED : `${problems.map((p) => `${file}: ${p}`).join('\n')}\n(${NOT_VALIDATED})`;
  return { check: NEW_RELIC_CHECK, file, passed: problems.length === 0, detail: detail.slice(0, 2000) };
}
