import { inventoryItems } from '@jetway/contracts';
import type { AlertingChannel, InventoryItem } from '@jetway/contracts';
import type { AlertSeverity, SetupInput } from '../../bundle.types';
import { routeOf } from '../alertmanager';

// What every generate-only stack alerts on, decided once: per inventory item its availability
// (targets scraped, URLs probed) and, for an item serving HTTP, its p99 latency and error rate
// against the SLA. Severity and channels follow the Alertmanager generator's routing policy, so a
// Datadog monitor or a New Relic condition reaches the same people an Alertmanager route would.

export type AlertKind = 'availability' | 'latency' | 'error_rate';

export interface AlertIntent {
  readonly item: InventoryItem;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  /** The name of the receiver the routing policy picks (`team-payments-page`, `default-ticket` …). */
  readonly receiver: string;
  readonly channels: readonly AlertingChannel[];
  /** `<item>-<kind>` with dashes: names files, monitors, conditions and watches. */
  readonly id: string;
  readonly title: string;
}

/** The SLA thresholds in the units the stacks compare against. */
export interface Thresholds {
  readonly latencySeconds: number;
  /** Error rate in percent (the request's unit). */
  readonly errorPercent: number;
}

export function thresholds(input: Pick<SetupInput, 'sla_requirements'>): Thresholds {
  return { latencySeconds: input.sla_requirements.response_time_p99 / 1000, errorPercent: input.sla_requirements.error_rate };
}

/**
 * Availability pages unless the item is tier 3 (the routing policy then sends it as a ticket);
 * latency and error rate page for tier 1 and are tickets otherwise.
 */
export function severityOf(item: InventoryItem, kind: AlertKind): AlertSeverity {
  if (kind === 'availability') return 'page';
  return item.tier === 'tier_1_critical' ? 'page' : 'ticket';
}

/** Every alert the generate-only stacks write for `input`, in inventory order. */
export function alertIntents(input: SetupInput): AlertIntent[] {
  const t = thresholds(input);
  return inventoryItems(input.infrastructure_inventory).flatMap((item) => {
    const kinds: AlertKind[] = item.serves_http ? ['availability', 'latency', 'error_rate'] : ['availability'];
    return kinds.map((kind) => {
      const severity = severityOf(item, kind);
      const receiver = routeOf(input, { team: item.team, tier: item.tier, severity });
      return { item, kind, severity, receiver: receiver.name, channels: receiver.channels, id: `${item.name}-${kind.replace('_', '-')}`, title: title(item.name, kind, t) };
    });
  });
}

function title(service: string, kind: AlertKind, t: Thresholds): string {
  if (kind === 'availability') return `${service} is down`;
  if (kind === 'latency') return `${service} p99 latency above ${t.latencySeconds * 1000} ms`;
  return `${service} error rate above ${t.errorPercent} %`;
}

/** A generate-only stack's note in the bundle: what the files are and that Jetway applied none of them. */
export function generateOnlyReadme(stack: string, apply: readonly string[], checked: string): string {
  return [
    `# ${stack}: generated only`,
    '',
    `Jetway generated these files for ${stack} and applied none of them: there is no ${stack} stack it runs.`,
    '',
    '## How to apply',
    ...apply.map((step) => `- ${step}`),
    '',
    '## What was checked',
    checked,
    '',
  ].join('\n');
}
