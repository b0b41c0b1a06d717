import type { IncidentEvent } from '@jetway/contracts';
import { PagerDutyEvent, SlackMessage } from '@jetway/testing';
import { toPagerDutyEvent } from '../drivers';
import { incidentEventId, type IncidentNotice } from './incident-notice';
import { pagerDutySeverityOf, toIncidentPagerDutyIntent } from './incident-pagerduty';
import { toIncidentSlackPayload } from './incident-slack-message';

const incident: IncidentEvent = {
  fingerprint: 'ed3be00d77271be1',
  setup: 'shop-monitoring',
  alertname: 'ShopAvailabilityErrorBudgetBurnFast',
  severity: 'page',
  service: 'shop',
  labels: { alertname: 'ShopAvailabilityErrorBudgetBurnFast', severity: 'page', service: 'shop', team: 'payments', instance: '10.0.0.5:8080' },
  annotations: {
    summary: 'shop is burning its error budget 14.4× too fast <now> & more',
    description: '5xx ratio over 1h and 5m above 14.4 × the budget',
    runbook_url: 'http://127.0.0.1:9099/runbooks/shop-monitoring/shop/ShopAvailabilityErrorBudgetBurnFast.html',
    dashboard_url: 'http://127.0.0.1:3000/d/jw-slo-shop-monitoring',
  },
  starts_at: '2026-11-30T12:00:00.123456789Z',
  generator_url: 'not a url',
  receiver: 'payments-page',
  channels: [],
};
const detected: IncidentNotice = { incident, phase: 'detected', eventId: incidentEventId(incident, 'detected'), time: '2026-11-30T12:00:01Z' };
const resolved: IncidentNotice = { incident: { ...incident, ends_at: '2026-11-30T12:30:00Z' }, phase: 'resolved', eventId: incidentEventId(incident, 'resolved'), time: '2026-11-30T12:30:01Z' };

describe('incident ids', () => {
  it('are the ingress’s message ids: fingerprint, start, firing / resolved', () => {
    expect(detected.eventId).toBe('ed3be00d77271be1-2026-11-30T12:00:00.123456789Z-firing');
    expect(resolved.eventId).toBe('ed3be00d77271be1-2026-11-30T12:00:00.123456789Z-resolved');
  });
});

describe('toIncidentSlackPayload', () => {
  it('builds a Block Kit message Slack accepts: what fired, severity, service, runbook and dashboard links', () => {
    const payload = toIncidentSlackPayload(detected);
    expect(SlackMessage.safeParse(payload).error?.issues).toBeUndefined();
    expect(payload.text).toBe('🔥 ShopAvailabilityErrorBudgetBurnFast firing (page) on shop: shop is burning its error budget 14.4× too fast <now> & more');
    const blocks = JSON.stringify(payload.blocks);
    for (const fact of ['*Severity*\\npage', '*Service*\\nshop', '*Team*\\npayments', '*Since*\\n2026-11-30T12:00:00.123456789Z', '&lt;now&gt; &amp; more', '5xx ratio']) expect(blocks).toContain(fact);
    expect(blocks).toContain(`<${incident.annotations['runbook_url']}|Runbook> · <${incident.annotations['dashboard_url']}|Dashboard>`);
    expect(blocks).not.toContain('Prometheus');
    expect(blocks).not.toContain('*Resolved*');
  });

  it('says when it resolved', () => {
    const payload = toIncidentSlackPayload(resolved);
    expect(SlackMessage.safeParse(payload).success).toBe(true);
    expect(payload.text).toMatch(/^✅ ShopAvailabilityErrorBudgetBurnFast resolved on shop: /);
    expect(JSON.stringify(payload.blocks)).toContain('*Resolved*\\n2026-11-30T12:30:00Z');
  });
});

describe('toIncidentPagerDutyIntent', () => {
  it('triggers with dedup_key = the fingerprint, in a body PagerDuty accepts', () => {
    const event = toPagerDutyEvent(toIncidentPagerDutyIntent(detected, 'notify.k'), 'R0UT1NGKEY');
    expect(PagerDutyEvent.safeParse(event).error?.issues).toBeUndefined();
    expect(event).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'ed3be00d77271be1',
      payload: { severity: 'critical', source: '10.0.0.5:8080', component: 'shop', group: 'shop-monitoring', class: 'ShopAvailabilityErrorBudgetBurnFast' },
      links: [
        { href: incident.annotations['runbook_url'], text: 'Runbook' },
        { href: incident.annotations['dashboard_url'], text: 'Dashboard' },
      ],
    });
  });

  it('resolves by the same key, with nothing else', () => {
    const event = toPagerDutyEvent(toIncidentPagerDutyIntent(resolved, 'notify.k'), 'R0UT1NGKEY');
    expect(PagerDutyEvent.safeParse(event).success).toBe(true);
    expect(event).toEqual({ routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: 'ed3be00d77271be1', client: 'Jetway' });
  });

  it.each([
    ['page', 'critical'],
    ['ticket', 'warning'],
    ['warning', 'warning'],
    ['sev1', 'error'],
  ])('maps severity %s to %s', (severity, expected) => expect(pagerDutySeverityOf(severity)).toBe(expected));
});
