import type { z } from 'zod';

/** One `field.path: message` line per zod issue (the same format as contracts' describeIssues). */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}
