import type { z } from 'zod';
import './plain-errors';

function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path.length ? issue.path.map(String).join('.') : '(root)';
}

/** One line per problem: `field.path: what is wrong`, so the user knows what to fix. */
export function describeIssues(error: Pick<z.ZodError, 'issues'>): string {
  return error.issues.map((issue) => `${pathOf(issue)}: ${issue.message}`).join('; ');
}

/** Parse or explain: the result carries either the data or a message naming each field. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { ok: true; data: z.output<T> } | { ok: false; error: string } {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, data: result.data } : { ok: false, error: describeIssues(result.error) };
}
