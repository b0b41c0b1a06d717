import type { HealthCheck, PlatformConfig, ReleaseSpec } from '@jetway/contracts';
import type { Instance, RunSpec } from './release-runtime.port';

// A release is the digest *and* how it runs: the same bytes started with another command, port
// variable, environment, replica count or health check are another release, which a deploy must
// roll out instead of answering "already serving".

/** The part of a request's platform config that belongs to the release's identity. */
export function specOf(platform: Pick<PlatformConfig, 'replicas' | 'run' | 'health_check'>): ReleaseSpec {
  return { replicas: platform.replicas, run: platform.run, health_check: platform.health_check };
}

export function sameRun(a: RunSpec, b: RunSpec): boolean {
  return canonical(a) === canonical(b);
}

export function sameHealthCheck(a: HealthCheck, b: HealthCheck): boolean {
  return canonical(a) === canonical(b);
}

export function sameSpec(a: ReleaseSpec, b: ReleaseSpec): boolean {
  return canonical(a) === canonical(b);
}

/** Whether `instance` runs exactly this digest started with exactly this run spec. */
export function runs(instance: Instance, digest: string, run: RunSpec): boolean {
  return instance.release.digest === digest && sameRun(instance.run, run);
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` (an env map in another order) compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
