import { createHash } from 'node:crypto';
import type { ReleaseSpec } from '@jetway/contracts';
import type { Instance, RunSpec } from '../use-cases/release-runtime.port';
import { canonical } from '../use-cases/release-spec';
import type { ReleaseSide } from './rollout.types';

/**
 * The label the router's metrics carry for a release: the digest's first 12 hex digits and a
 * hash of the run spec. Two runs of one artifact (another APP_VERSION) are two releases, and
 * analysis must tell a canary from the stable set even then.
 */
export function releaseLabel(digest: string, run: RunSpec): string {
  return `${labelPrefix(digest)}${createHash('sha256').update(canonical(run)).digest('hex').slice(0, 8)}`;
}

/** Whether `label` (a `releaseLabel`) names a release of `digest`, whatever its run spec. */
export function isLabelOf(label: string, digest: string): boolean {
  return label.startsWith(labelPrefix(digest));
}

function labelPrefix(digest: string): string {
  return `${digest.replace(/^sha256:/, '').slice(0, 12)}-`;
}

export function labelOf(instance: Instance): string {
  return releaseLabel(instance.release.digest, instance.run);
}

export function sideOf(digest: string, spec: ReleaseSpec): ReleaseSide {
  return { digest, spec, label: releaseLabel(digest, spec.run) };
}
