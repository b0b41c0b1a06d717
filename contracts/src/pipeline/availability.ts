import { createHash } from 'node:crypto';
import type { PipelineRequest } from './pipeline-request.v1';

/** What the mesh can run today; the contract accepts more (it mirrors the seed spec). */
export const AVAILABLE = {
  strategies: ['rolling', 'recreate', 'blue_green', 'canary'],
  platforms: ['local'],
  sources: ['directory', 'git'],
} as const;

/**
 * The parts of a valid request that no driver runs yet, one `field: why` line each. The CLI
 * refuses them at `publish` and the planner rejects the run before anything runs, instead of a
 * build and a scan ending in a deploy that cannot happen.
 */
export function notAvailableYet(request: PipelineRequest): string[] {
  if (request.kind !== 'deployment') return [];
  const problems: string[] = [];
  const strategy = request.deployment_strategy;
  if (!(AVAILABLE.strategies as readonly string[]).includes(strategy)) {
    problems.push(`deployment_strategy: ${strategy} is not available yet on the local platform; use rolling or recreate`);
  }
  const platform = request.platform_config.type;
  if (!(AVAILABLE.platforms as readonly string[]).includes(platform)) {
    problems.push(`platform_config.type: ${platform} is not available yet; local (processes on this machine) is the only platform with a driver`);
  }
  const source = request.artifact_source.type;
  if (!(AVAILABLE.sources as readonly string[]).includes(source)) {
    problems.push(`artifact_source.type: ${source} is not available yet; build from a directory or a local git repository`);
  }
  return problems;
}

/** JSON with object keys sorted at every depth: equal values give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `sha256:<hex>` of a parsed request (defaults filled, keys sorted): two publishes of one
 * idempotency key with different contents have different digests, so the second is refused
 * instead of silently answered with the first run.
 */
export function requestDigest(request: PipelineRequest): string {
  return `sha256:${createHash('sha256').update(canonicalJson(request)).digest('hex')}`;
}
