import { z } from 'zod';

/** Go's RFC 3339 (nanoseconds) as Alertmanager writes `time.Time`; `0001-01-01T00:00:00Z` is its "not set". */
const GoTime = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 timestamp' });
const LabelSet = z.record(z.string(), z.string());

/** One alert of a notification, as Alertmanager's webhook receiver sends it. */
export const WebhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z
    .object({
      alertname: z.string({ error: 'every alert needs an alertname label' }).min(1),
      severity: z.string({ error: 'every alert needs a severity label (the generated rules set page or ticket)' }).min(1),
    })
    .catchall(z.string()),
  annotations: LabelSet,
  startsAt: GoTime,
  endsAt: GoTime,
  generatorURL: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'must be the 16 hex digits of an Alertmanager fingerprint'),
});
export type WebhookAlert = z.infer<typeof WebhookAlert>;

/**
 * Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Fields Jetway does not read (groupKey, externalURL, truncatedAlerts …) are allowed and ignored.
 */
export const AlertmanagerWebhook = z.object({
  version: z.literal('4', { error: 'must be "4" (the only webhook payload version Alertmanager sends)' }),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1),
  groupLabels: LabelSet,
  commonLabels: LabelSet,
  commonAnnotations: LabelSet.optional(),
  alerts: z.array(WebhookAlert).min(1, 'a notification carries at least one alert'),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhook>;
