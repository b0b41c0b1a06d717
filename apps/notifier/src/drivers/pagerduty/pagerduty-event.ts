import type { PagerDutyIntent } from '../../use-cases';

/** The Events API v2 body for one intent; `payload` only on trigger (resolve needs just the key). */
export function toPagerDutyEvent(intent: PagerDutyIntent, routingKey: string): Record<string, unknown> {
  const event: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: intent.action,
    dedup_key: intent.dedupKey,
    client: 'Jetway',
  };
  if (intent.action === 'trigger') {
    event['payload'] = {
      summary: intent.summary.slice(0, 1024),
      source: intent.source,
      severity: intent.severity,
      component: intent.component,
      group: intent.group,
      class: intent.class,
      custom_details: intent.customDetails,
    };
    if (intent.links.length > 0) event['links'] = intent.links;
  }
  return event;
}
