import type { DriftEvent } from '@jetway/contracts';
import { SlackMessage } from '@jetway/testing';
import { toPagerDutyEvent } from '../drivers';
import { changesLine, driftEventIdOf, type DriftNotice } from './drift-notice';
import { toDriftPagerDutyIntent } from './drift-pagerduty';
import { toDriftSlackPayload } from './drift-slack-message';

const drift: DriftEvent = {
  stack: 'orders', environment: 'production', episode: 2, applied_by_run: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', checked_at: '2026-01-01T00:00:00Z',
  changes: [
    { address: 'aws_db_instance.main', action: 'update' },
    { address: 'jetstream.stream.ORDERS', action: 'update max_age_seconds 7200 → 3600' },
    { address: 'aws_security_group.web', action: 'delete' },
    { address: 'aws_s3_bucket.logs', action: 'create' },
  ],
};
const notice = (phase: DriftNotice['phase']): DriftNotice => ({ drift, phase, eventId: driftEventIdOf(drift, phase), time: '2026-01-01T00:00:01Z' });

describe('drift messages (Slack, PagerDuty)', () => {
  it('names stack, environment, every change and the remediation in the Slack message, in a payload Slack accepts', () => {
    const payload = toDriftSlackPayload(notice('detected'));
    expect(payload.text).toBe('🌊 Drift: orders in production (episode 2): 4 changes: aws_db_instance.main update, jetstream.stream.ORDERS update max_age_seconds 7200 → 3600, aws_security_group.web delete, and 1 more');
    const body = JSON.stringify(payload.blocks);
    for (const change of drift.changes) expect(body).toContain(`\`${change.address}\` ${change.action.replace('>', '&gt;')}`);
    expect(body).toContain("re-run the stack's infrastructure request (stack orders); the plan goes through review");
    expect(SlackMessage.safeParse(payload).success).toBe(true);
  });

  it('says back in sync when resolved', () => {
    const payload = toDriftSlackPayload(notice('resolved'));
    expect(payload.text).toBe('✅ orders in production is back in sync: drift episode 2 is over');
    expect(SlackMessage.safeParse(payload).success).toBe(true);
  });

  it('triggers and resolves one PagerDuty incident per stack, environment and episode', () => {
    const trigger = toPagerDutyEvent(toDriftPagerDutyIntent(notice('detected'), 'key-1'), 'ROUTING');
    expect(trigger).toMatchObject({
      event_action: 'trigger', dedup_key: 'jetway/drift/orders/production/2',
      payload: { severity: 'error', component: 'orders', group: 'production', class: 'infrastructure-drift', custom_details: { changes: drift.changes, episode: 2 } },
    });
    expect(String((trigger['payload'] as { summary: string }).summary)).toContain('Drift: stack orders in production differs from its applied configuration (4 changes');
    expect(toPagerDutyEvent(toDriftPagerDutyIntent(notice('resolved'), 'key-2'), 'ROUTING')).toEqual({ routing_key: 'ROUTING', event_action: 'resolve', dedup_key: 'jetway/drift/orders/production/2', client: 'Jetway' });
    expect(toDriftPagerDutyIntent(notice('detected'), 'k').severity).toBe('error');
    expect(toDriftPagerDutyIntent({ ...notice('detected'), drift: { ...drift, environment: 'staging' } }, 'k').severity).toBe('warning');
  });

  it('counts the changes in one line', () => {
    expect(changesLine({ changes: drift.changes.slice(0, 1) })).toBe('1 change: aws_db_instance.main update');
  });
});
