import type { PagerDutyIntent } from '../use-cases';
import { changesLine, driftDedupKey, remediationOf, type DriftNotice } from './drift-notice';

/**
 * One Events API v2 action per drift episode: `trigger` when it is detected, `resolve` when the
 * stack is back in sync, both with the dedup key of the stack, environment and episode. A drift in
 * production or dr is an error; elsewhere a warning.
 */
export function toDriftPagerDutyIntent(notice: DriftNotice, idempotencyKey: string): PagerDutyIntent {
  const { drift, phase } = notice;
  return {
    channel: 'pagerduty',
    idempotencyKey,
    action: phase === 'detected' ? 'trigger' : 'resolve',
    dedupKey: driftDedupKey(drift),
    summary: `Drift: stack ${drift.stack} in ${drift.environment} differs from its applied configuration (${changesLine(drift)})`,
    source: `${drift.stack}/${drift.environment}`,
    severity: drift.environment === 'production' || drift.environment === 'dr' ? 'error' : 'warning',
    component: drift.stack,
    group: drift.environment,
    class: 'infrastructure-drift',
    customDetails: {
      changes: drift.changes,
      episode: drift.episode,
      applied_by_run: drift.applied_by_run,
      checked_at: drift.checked_at,
      remediation: remediationOf(drift),
    },
    links: [],
  };
}
