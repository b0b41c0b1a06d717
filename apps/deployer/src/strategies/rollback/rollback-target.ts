import type { Release, ReleaseSpec } from '@jetway/contracts';
import { shortDigest } from '../rollout-words';
import type { WarmSet } from '../rollout-store.port';

/** What a rollback goes back to: a recorded release with the spec it ran with. */
export interface RollbackTarget {
  readonly digest: string;
  readonly spec: ReleaseSpec;
}

export interface TargetQuery {
  readonly application: string;
  readonly environment: string;
  readonly to_digest?: string;
}

/**
 * The release a rollback serves again: `to_digest` (one of the releases recorded before the
 * current one), else the current release's `previous`. Its spec comes from the release history
 * (or the warm set, which keeps it too); a reason in words when there is none to go back to.
 */
export function rollbackTarget(query: TargetQuery, current: Release, history: readonly Release[], warm: WarmSet | undefined): RollbackTarget | { readonly reason: string } {
  const where = `${query.application}/${query.environment}`;
  const earlier = history.filter((r) => !(r.digest === current.digest && r.run_id === current.run_id && r.deployed_at === current.deployed_at));
  const wanted = query.to_digest ?? current.previous?.digest;
  if (!wanted) return { reason: `${where} has no previous release: ${shortDigest(current.digest)} is the only one recorded` };
  if (query.to_digest && query.to_digest === current.digest) return { reason: `${where} already serves ${query.to_digest}: nothing to roll back to` };
  const recorded = earlier.find((r) => r.digest === wanted && r.spec);
  if (recorded?.spec) return { digest: wanted, spec: recorded.spec };
  if (warm?.side.digest === wanted) return { digest: wanted, spec: warm.side.spec };
  if (query.to_digest) {
    const known = [...new Set(earlier.map((r) => shortDigest(r.digest)))];
    return { reason: `${where} has no recorded release ${query.to_digest} (recorded before the current one: ${known.join(', ') || 'none'})` };
  }
  return { reason: `${where}: its previous release ${wanted} is no longer recorded with the spec it ran with; deploy it again instead` };
}
