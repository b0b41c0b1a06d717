/**
 * Webhook payloads as a real Alertmanager 0.25 sent them (captured from /usr/bin/prometheus-alertmanager
 * posting to a webhook receiver): a firing alert has the zero `endsAt`, times carry nanoseconds.
 * For tests.
 */
export const FIRING = {
  receiver: 'payments-page',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'ShopDown', service: 'shop', severity: 'page', team: 'payments' },
      annotations: {
        summary: 'shop is down',
        runbook_url: 'http://127.0.0.1:9099/runbooks/shop-monitoring/shop/ShopDown.html',
        dashboard_url: 'http://127.0.0.1:3000/d/jw-red-shop',
      },
      startsAt: '2026-11-30T16:51:54.772065808Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prom/graph',
      fingerprint: 'ed3be00d77271be1',
    },
  ],
  groupLabels: {},
  commonLabels: { alertname: 'ShopDown', service: 'shop', severity: 'page', team: 'payments' },
  commonAnnotations: { summary: 'shop is down' },
  externalURL: 'http://vm:19093',
  version: '4',
  groupKey: '{}:{}',
  truncatedAlerts: 0,
};

type Alert = Omit<(typeof FIRING.alerts)[number], 'labels'> & { labels: Record<string, string> };

/** The same alert resolved, as Alertmanager sends it (same fingerprint and startsAt, a real endsAt). */
export const RESOLVED = {
  ...FIRING,
  status: 'resolved',
  alerts: FIRING.alerts.map((a): Alert => ({ ...a, status: 'resolved', endsAt: '2026-11-30T16:51:57Z' })),
};

/** A firing group of `count` alerts of one rule, one per instance (distinct fingerprints). */
export function firingGroup(count: number): Omit<typeof FIRING, 'alerts'> & { alerts: Alert[] } {
  const alerts = Array.from({ length: count }, (_, i): Alert => ({
    ...(FIRING.alerts[0] as Alert),
    labels: { ...(FIRING.alerts[0] as Alert).labels, instance: `10.0.0.${i + 1}:8080` },
    fingerprint: `00000000000000${(i + 16).toString(16).padStart(2, '0')}`,
  }));
  return { ...FIRING, alerts };
}
