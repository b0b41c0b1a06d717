import { z } from 'zod';
import { AppName, Timestamp } from '../common';
import { AlertingChannel } from '../pipeline/monitoring-setup-request.v1';

/**
 * An alert as Alertmanager's webhook reported it, published by Jetway's alert ingress:
 * `jetway.incident.detected.v1` when it fires, `jetway.incident.resolved.v1` when it resolves
 * (CDEvents `incident.detected` / `incident.resolved`). One event per (fingerprint, start, status):
 * Alertmanager's repeats are the same event id, so the notifier acts once.
 */
export const IncidentEvent = z.object({
  /** Alertmanager's fingerprint of the alert's label set: PagerDuty's dedup key. */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'must be the 16 hex digits of an Alertmanager fingerprint'),
  /** The monitoring setup whose rules raised it. */
  setup: AppName,
  alertname: z.string().min(1),
  severity: z.string().min(1),
  /** The inventory item (its `service` label), when the alert is about one. */
  service: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  starts_at: Timestamp,
  ends_at: Timestamp.optional(),
  generator_url: z.string().optional(),
  /** The Alertmanager receiver that routed it, and the channels that receiver stands for. */
  receiver: z.string().min(1),
  channels: z.array(AlertingChannel),
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;
