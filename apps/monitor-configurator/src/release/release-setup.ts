import { AppName, describeIssues, InventoryItem, MonitoringTiming, SlaRequirements, type Environment, type MonitorTriggered, type Tier } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { SetupInput } from '../setup/bundle.types';
import { decimal, times, toNumber } from '../setup/generators/prometheus/decimal';

/** The team a release's alerts are labelled with: the trigger names none, so Jetway's own. */
export const RELEASE_TEAM = 'jetway';

/** What the monitor step's setup is built from: the application, its environment, its SLO and the release's targets. */
export type ReleaseToMonitor = Pick<MonitorTriggered, 'application' | 'environment' | 'slo'> & { readonly targets: readonly string[] };

export function releaseToMonitor(trigger: MonitorTriggered): ReleaseToMonitor {
  return { application: trigger.application, environment: trigger.environment, slo: trigger.slo, targets: trigger.release.targets };
}

/** `<app>-<env>`: the setup a release's monitoring is applied as (its directory, its `setup` label). */
export function releaseSetupName(release: Pick<ReleaseToMonitor, 'application' | 'environment'>): string {
  return `${release.application}-${release.environment}`;
}

/** Production pages; every other environment never does (tier 3 alerts reach no paging channel). */
export function releaseTier(environment: Environment): Tier {
  return environment === 'production' ? 'tier_1_critical' : 'tier_3_standard';
}

/**
 * The SLO's availability ratio (0..1) as the SLA's percentage, exactly: 0.995 → 99.5, never
 * 99.49999999999999 (what `0.995 * 100` gives in floating point), so the burn thresholds the
 * Prometheus generator derives from it are the table's.
 */
export function availabilityPercent(ratio: number): number {
  return toNumber(times(decimal(ratio), decimal(100)));
}

/**
 * The monitoring setup of one release: a single inventory item (the application, scraped at the
 * release's targets, serving HTTP with the metric contract), its SLO as the SLA, no channels of
 * its own — alerts go through Jetway's alert ingress to the notifier's configured Slack and
 * PagerDuty. Throws a PermanentError (the step fails saying why) for a release with no target, or
 * whose setup name would not be a valid name.
 */
export function releaseSetupInput(release: ReleaseToMonitor): SetupInput {
  const name = releaseSetupName(release);
  if (release.targets.length === 0) throw new PermanentError(`the release of ${release.application} in ${release.environment} has no target (release.targets is empty): there is nothing to scrape`);
  const named = AppName.safeParse(name);
  if (!named.success) throw new PermanentError(`the setup name "${name}" (<application>-<environment>) is not a valid name: ${named.error.issues[0]?.message ?? 'invalid'}; use an application name of at most ${62 - release.environment.length} characters`);
  // Parsed, so every field the inventory gains takes its default (and a target that is no host:port is named).
  const item = InventoryItem.safeParse({
    name: release.application,
    targets: release.targets,
    tier: releaseTier(release.environment),
    team: RELEASE_TEAM,
    labels: { environment: release.environment },
    serves_http: true,
  });
  if (!item.success) throw new PermanentError(`the release of ${release.application} in ${release.environment} cannot be monitored: ${describeIssues(item.error)}`);
  return {
    name,
    infrastructure_inventory: { servers: [], containers: [item.data], serverless: [], databases: [] },
    monitoring_stack: 'prometheus_grafana',
    alerting_channels: [],
    routing: { teams: [] },
    sla_requirements: SlaRequirements.parse({ availability: availabilityPercent(release.slo.availability), response_time_p99: release.slo.latency_p99_ms }),
    timing: MonitoringTiming.parse({}),
    delivery: 'jetway',
  };
}
