/** A plain mapping of parsed YAML (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Which events trigger a workflow (`on: push`, `on: [push, pull_request]`, `on: { push: … }`). */
export function workflowEvents(workflow: Record<string, unknown>): string[] {
  const on = workflow['on'] ?? workflow['true']; // YAML 1.1 readers turn a bare `on` into true
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isRecord(on) ? Object.keys(on) : [];
}
