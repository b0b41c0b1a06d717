import type { DriftEvent, EventSubject } from '@jetway/contracts';
import { EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { startNats, startPagerDutyReceiver, startSlackReceiver, waitFor, type NatsFixture, type PagerDutyReceiver, type SlackReceiver } from '@jetway/testing';
import { loadNotifierConfig, startNotifier } from '../index';

const ROUTING_KEY = 'R0UT1NGKEYDRIFT';
const DETECTED = 'jetway.infra.drift.detected.v1';
const RESOLVED = 'jetway.infra.drift.resolved.v1';

// The deployer's side, as it publishes: one event per stack, environment, episode and phase,
// the message id `drift-<stack>-<env>-<episode>-<phase>`; what reaches the Slack and PagerDuty
// stand-ins (which check the payloads as the real services do) is counted.
describe('notifier drift on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let slack: SlackReceiver;
  let pagerduty: PagerDutyReceiver;
  let handle: ServiceHandle;
  let publisher: EventPublisher;

  const drift: DriftEvent = {
    stack: 'ledger', environment: 'production', episode: 1, applied_by_run: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', checked_at: '2026-11-30T12:00:00Z',
    changes: [{ address: 'jetstream.stream.LEDGER', action: 'update max_age_seconds 7200 → 3600' }, { address: 'aws_s3_bucket.audit', action: 'update' }],
  };
  const publish = (subject: typeof DETECTED | typeof RESOLVED, event: DriftEvent, id?: string) =>
    publisher.publish(subject, event, { runId: event.applied_by_run, subject: `${event.stack}.${event.environment}`, id: id ?? `drift-${event.stack}-${event.environment}-${event.episode}-${subject === DETECTED ? 'detected' : 'resolved'}` });
  async function acks(subject: EventSubject): Promise<number> {
    const { values } = await handle.metrics.messages.get();
    return values.filter((v) => v.labels.subject === subject && v.labels.outcome === 'ack').reduce((sum, v) => sum + v.value, 0);
  }
  /** Once acked, both channels were delivered: the counts below are final. */
  const acked = (subject: EventSubject, count: number) => waitFor(async () => (await acks(subject)) >= count, { message: `${count} ack(s) of ${subject}` });

  beforeAll(async () => {
    nats = await startNats();
    [slack, pagerduty] = await Promise.all([startSlackReceiver(), startPagerDutyReceiver({ routingKey: ROUTING_KEY })]);
    handle = await startNotifier({
      ...loadNotifierConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error',
      JETWAY_SLACK_WEBHOOK_URL: slack.url, JETWAY_PAGERDUTY_ROUTING_KEY: ROUTING_KEY, JETWAY_PAGERDUTY_URL: pagerduty.url,
    });
    publisher = new EventPublisher(handle.mesh.js, 'deployer');
  });
  afterAll(async () => {
    await handle?.stop();
    await nats?.stop();
    await Promise.all([slack?.close(), pagerduty?.close()]);
  });

  it('turns drift.detected into one Slack message naming the changes and the remediation, and one PagerDuty trigger per episode', async () => {
    await publish(DETECTED, drift);
    await acked(DETECTED, 1);
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.text).toBe('🌊 Drift: ledger in production (episode 1): 2 changes: jetstream.stream.LEDGER update max_age_seconds 7200 → 3600, aws_s3_bucket.audit update');
    const blocks = JSON.stringify(slack.received[0]?.blocks);
    expect(blocks).toContain('`jetstream.stream.LEDGER` update max_age_seconds 7200 → 3600');
    expect(blocks).toContain("re-run the stack's infrastructure request (stack ledger); the plan goes through review");
    expect(pagerduty.received).toHaveLength(1);
    expect(pagerduty.received[0]).toMatchObject({ event_action: 'trigger', dedup_key: 'jetway/drift/ledger/production/1', routing_key: ROUTING_KEY, payload: { severity: 'error', component: 'ledger', class: 'infrastructure-drift' } });
    expect(pagerduty.incidents.get('jetway/drift/ledger/production/1')).toBe('triggered');
    expect([slack.rejected, pagerduty.rejected]).toEqual([[], []]);
  });

  it('sends nothing more for the same drift.detected published again, with the same id or under another', async () => {
    expect((await publish(DETECTED, drift)).duplicate).toBe(true); // the same id: JetStream drops it
    await publish(DETECTED, drift, `republished-${Date.now()}`); // another id: the notifier's claims drop it
    await acked(DETECTED, 2);
    expect([slack.received.length, pagerduty.received.length]).toEqual([1, 1]);
  });

  it('resolves the PagerDuty incident by the same key and says back in sync in Slack', async () => {
    await publish(RESOLVED, { ...drift, changes: [], checked_at: '2026-11-30T12:05:00Z' });
    await acked(RESOLVED, 1);
    expect(pagerduty.received).toHaveLength(2);
    expect(pagerduty.received[1]).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'jetway/drift/ledger/production/1', client: 'Jetway' });
    expect(pagerduty.incidents.get('jetway/drift/ledger/production/1')).toBe('resolved');
    expect(slack.received).toHaveLength(2);
    expect(slack.received[1]?.text).toBe('✅ ledger in production is back in sync: drift episode 1 is over');
  });
});
