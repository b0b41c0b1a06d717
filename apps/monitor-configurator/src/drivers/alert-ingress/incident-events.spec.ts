import { IncidentEvent, type AlertingChannel } from '@jetway/contracts';
import { AlertmanagerWebhook } from './alertmanager-webhook.schema';
import { FIRING, RESOLVED, firingGroup } from './alertmanager-webhook.samples';
import { incidentMessageId, toIncidentMessages } from './incident-events';

const channels: AlertingChannel[] = [{ name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/pd-key' } }];
const origin = { setup: 'shop-monitoring', receiver: 'payments-page', channels };
const messagesOf = (payload: unknown) => toIncidentMessages(AlertmanagerWebhook.parse(payload), origin);

describe('toIncidentMessages', () => {
  it('turns a firing alert into one incident.detected valid under the contract, without the zero endsAt', () => {
    const [message, ...rest] = messagesOf(FIRING);
    expect(rest).toEqual([]);
    expect(message?.subject).toBe('jetway.incident.detected.v1');
    expect(message?.id).toBe('ed3be00d77271be1-2026-11-30T16:51:54.772065808Z-firing');
    expect(IncidentEvent.parse(message?.event)).toEqual(message?.event);
    expect(message?.event).toMatchObject({ fingerprint: 'ed3be00d77271be1', setup: 'shop-monitoring', alertname: 'ShopDown', severity: 'page', service: 'shop', receiver: 'payments-page', channels, generator_url: 'http://prom/graph' });
    expect(message?.event.ends_at).toBeUndefined();
  });

  it('turns a resolved alert into incident.resolved with its end, under another id', () => {
    const [message] = messagesOf(RESOLVED);
    expect(message?.subject).toBe('jetway.incident.resolved.v1');
    expect(message?.id).toBe('ed3be00d77271be1-2026-11-30T16:51:54.772065808Z-resolved');
    expect(message?.event.ends_at).toBe('2026-11-30T16:51:57Z');
  });

  it('gives one message per alert of a group, each with its own id', () => {
    const ids = messagesOf(firingGroup(3)).map((m) => m.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('keeps the id of a repeat: same fingerprint, start and status', () => {
    const alert = { fingerprint: 'ed3be00d77271be1', startsAt: '2026-11-30T16:51:54Z', status: 'firing' as const };
    expect(incidentMessageId(alert)).toBe(incidentMessageId({ ...alert }));
    expect(incidentMessageId({ ...alert, startsAt: '2026-11-30T17:00:00Z' })).not.toBe(incidentMessageId(alert));
  });
});

describe('AlertmanagerWebhook', () => {
  const issuesOf = (payload: unknown) => {
    const result = AlertmanagerWebhook.safeParse(payload);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };
  const alert = FIRING.alerts[0];

  it('accepts what a real Alertmanager sent', () => {
    expect(issuesOf(FIRING)).toEqual([]);
    expect(issuesOf(RESOLVED)).toEqual([]);
  });

  it.each([
    ['another version', { ...FIRING, version: '3' }, 'version'],
    ['a bad fingerprint', { ...FIRING, alerts: [{ ...alert, fingerprint: 'xyz' }] }, 'alerts.0.fingerprint'],
    ['an alert without severity', { ...FIRING, alerts: [{ ...alert, labels: { alertname: 'ShopDown' } }] }, 'alerts.0.labels.severity'],
    ['a bad startsAt', { ...FIRING, alerts: [{ ...alert, startsAt: 'yesterday' }] }, 'alerts.0.startsAt'],
    ['an unknown status', { ...FIRING, status: 'pending' }, 'status'],
    ['no alerts', { ...FIRING, alerts: [] }, 'alerts'],
  ])('refuses %s, naming the field', (_what, payload, field) => {
    expect(issuesOf(payload)).toContain(field);
  });
});
