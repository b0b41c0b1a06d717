import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DLQ_HEADERS, STREAMS, type AlertingChannel, type EventSubject, type IncidentEvent } from '@jetway/contracts';
import { EventPublisher, startService, type ServiceHandle } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import {
  startCloudEventsReceiver,
  startNats,
  startPagerDutyReceiver,
  startSlackReceiver,
  waitFor,
  type CloudEventsReceiver,
  type NatsFixture,
  type PagerDutyReceiver,
  type SlackReceiver,
} from '@jetway/testing';
import { loadNotifierConfig, startNotifier, type NotifierConfig } from '../index';
import { IncidentsModule } from './incidents.module';

const ROUTING_KEY = 'R0UT1NGKEYINCIDENTS';
const DETECTED = 'jetway.incident.detected.v1';
const RESOLVED = 'jetway.incident.resolved.v1';

// The alert ingress's side, as it publishes: one event per alert and state, the message id
// `<fingerprint>-<startsAt>-<status>`; what reaches the PagerDuty, Slack and CloudEvents stand-ins is counted.
describe('notifier incidents on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let slack: SlackReceiver;
  let pagerduty: PagerDutyReceiver;
  let hook: CloudEventsReceiver;
  let handle: ServiceHandle;
  let publisher: EventPublisher;
  let secrets: string;
  let channels: AlertingChannel[];

  const incident = (fingerprint: string, over: Partial<IncidentEvent> = {}): IncidentEvent => ({
    fingerprint,
    setup: 'shop-monitoring',
    alertname: 'ShopDown',
    severity: 'page',
    service: 'shop',
    labels: { alertname: 'ShopDown', severity: 'page', service: 'shop', team: 'payments' },
    annotations: { summary: 'shop is down', runbook_url: 'http://127.0.0.1:9099/runbooks/shop-monitoring/shop/ShopDown.html', dashboard_url: 'http://127.0.0.1:3000/d/jw-red-shop' },
    starts_at: '2026-11-30T12:00:00.5Z',
    receiver: 'payments-page',
    channels,
    ...over,
  });
  const publish = (subject: typeof DETECTED | typeof RESOLVED, event: IncidentEvent, id?: string) =>
    publisher.publish(subject, event, { runId: event.setup, subject: event.fingerprint, id: id ?? `${event.fingerprint}-${event.starts_at}-${subject === DETECTED ? 'firing' : 'resolved'}` });
  /** Messages the notifier settled on `subject` with `outcome`, from its own metrics. */
  async function settled(subject: EventSubject, outcome: 'ack' | 'nak' | 'dead_letter' = 'ack'): Promise<number> {
    const { values } = await handle.metrics.messages.get();
    return values.filter((v) => v.labels.subject === subject && v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  }
  /** Once acked, every channel of the event was delivered: the counts below are final. */
  const acked = (subject: EventSubject, count: number) => waitFor(async () => (await settled(subject)) >= count, { message: `${count} ack(s) of ${subject}` });

  beforeAll(async () => {
    nats = await startNats();
    [slack, pagerduty, hook] = await Promise.all([startSlackReceiver(), startPagerDutyReceiver({ routingKey: ROUTING_KEY }), startCloudEventsReceiver()]);
    secrets = mkdtempSync(join(tmpdir(), 'jetway-incident-secrets-'));
    writeFileSync(join(secrets, 'pagerduty-key'), `${ROUTING_KEY}\n`);
    writeFileSync(join(secrets, 'slack-url'), `${slack.url}\n`);
    channels = [
      { name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: join(secrets, 'pagerduty-key') } },
      { name: 'payments-chat', type: 'slack', severities: ['page', 'ticket'], config: { channel: '#payments-alerts', api_url_file: join(secrets, 'slack-url') } },
      { name: 'audit', type: 'webhook', severities: ['page', 'ticket'], config: { url: hook.url } },
      { name: 'mail', type: 'email', severities: ['page', 'ticket'], config: { to: 'ops@example.com', from: 'alertmanager@example.com', smarthost: 'smtp.example.com:587' } },
    ];
    handle = await startNotifier({ ...loadNotifierConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_PAGERDUTY_URL: pagerduty.url, JETWAY_LOG_LEVEL: 'error' });
    publisher = new EventPublisher(handle.mesh.js, 'monitor-configurator');
  });
  afterAll(async () => {
    await handle?.stop();
    await nats?.stop();
    await Promise.all([slack?.close(), pagerduty?.close(), hook?.close()]);
    rmSync(secrets, { recursive: true, force: true });
  });

  it('turns a detected alert into one PagerDuty trigger keyed on its fingerprint, one Slack message and one CloudEvent', async () => {
    await publish(DETECTED, incident('a000000000000001'));
    await acked(DETECTED, 1);
    expect(pagerduty.received).toHaveLength(1);
    expect(pagerduty.received[0]).toMatchObject({ event_action: 'trigger', dedup_key: 'a000000000000001', routing_key: ROUTING_KEY, payload: { severity: 'critical', component: 'shop', class: 'ShopDown' } });
    expect(pagerduty.incidents.get('a000000000000001')).toBe('triggered');
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]?.text).toBe('🔥 ShopDown firing (page) on shop: shop is down');
    expect(JSON.stringify(slack.received[0]?.blocks)).toContain('|Runbook> · <http://127.0.0.1:3000/d/jw-red-shop|Dashboard>');
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]).toMatchObject({ type: 'dev.jetway.incident.detected.v1', subject: 'a000000000000001', data: { fingerprint: 'a000000000000001', alertname: 'ShopDown' } });
    expect(JSON.stringify(hook.received[0]?.data)).not.toContain('pagerduty-key');
    expect([slack.rejected, pagerduty.rejected, hook.rejected]).toEqual([[], [], []]);
  });

  it('sends nothing more for the same alert redelivered, even under another message id', async () => {
    await publish(DETECTED, incident('a000000000000001'), `republished-${Date.now()}`);
    await acked(DETECTED, 2);
    expect([pagerduty.received.length, slack.received.length, hook.received.length]).toEqual([1, 1, 1]);
  });

  it('resolves the PagerDuty incident by the same key when the alert resolves, and says so in Slack', async () => {
    await publish(RESOLVED, incident('a000000000000001', { ends_at: '2026-11-30T12:10:00Z' }));
    await acked(RESOLVED, 1);
    expect(pagerduty.received).toHaveLength(2);
    expect(pagerduty.received[1]).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'a000000000000001', client: 'Jetway' });
    expect(pagerduty.incidents.get('a000000000000001')).toBe('resolved');
    expect(slack.received).toHaveLength(2);
    expect(slack.received[1]?.text).toBe('✅ ShopDown resolved on shop: shop is down');
    expect(hook.received[1]?.type).toBe('dev.jetway.incident.resolved.v1');
  });

  it('paces a burst of 5 alerts to one Slack webhook about a second apart, without holding PagerDuty back', async () => {
    const [slackBefore, pdBefore] = [slack.requests.length, pagerduty.requests.length];
    const fingerprints = [1, 2, 3, 4, 5].map((i) => `b00000000000000${i}`);
    await Promise.all(fingerprints.map((fp) => publish(DETECTED, incident(fp, { labels: { alertname: 'ShopDown', severity: 'page', instance: fp } }))));
    await acked(DETECTED, 7);
    const slackTimes = slack.requests.slice(slackBefore).map((r) => r.at);
    const pdTimes = pagerduty.requests.slice(pdBefore).map((r) => r.at);
    expect([slackTimes.length, pdTimes.length]).toEqual([5, 5]);
    const gaps = slackTimes.slice(1).map((t, i) => t - (slackTimes[i] ?? t));
    // One a second, measured on arrival (a timer may fire a few ms early).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
    // PagerDuty's bucket takes a burst of 20: its 5 arrive long before Slack's last.
    expect(Math.max(...pdTimes) - Math.min(...pdTimes)).toBeLessThan((slackTimes.at(-1) ?? 0) - (slackTimes[0] ?? 0));
    expect(slack.rejected).toEqual([]);
  });

  it('retries a PagerDuty 429 after its Retry-After, without posting to Slack again', async () => {
    const [slackBefore, pdBefore] = [slack.received.length, pagerduty.requests.length];
    pagerduty.failNext(429, { 'retry-after': '2' });
    await publish(DETECTED, incident('c000000000000001'));
    await acked(DETECTED, 8);
    const [limited, accepted] = pagerduty.requests.slice(pdBefore);
    expect(accepted && limited && accepted.at - limited.at).toBeGreaterThanOrEqual(1950);
    expect(pagerduty.incidents.get('c000000000000001')).toBe('triggered');
    expect(await settled(DETECTED, 'nak')).toBe(1);
    expect(slack.received.length - slackBefore).toBe(1);
  });

  it('dead-letters an alert whose routing key file is unreadable, naming the file, not sending it to PagerDuty', async () => {
    const missing = join(secrets, 'no-such-key');
    const pdBefore = pagerduty.requests.length;
    const broken: AlertingChannel[] = [{ name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: missing } }];
    await publish(DETECTED, incident('d000000000000001', { channels: broken }));
    await waitFor(async () => (await settled(DETECTED, 'dead_letter')) >= 1, { message: 'the dead letter' });
    const letter = await handle.mesh.jsm.streams.getMessage(STREAMS.deadLetters.name, { last_by_subj: `jetway-dlq.${DETECTED}` });
    expect(letter.header.get(DLQ_HEADERS.reason)).toContain(`channel "oncall" (pagerduty): cannot read the PagerDuty routing key of channel "oncall" from ${missing} (ENOENT)`);
    expect(pagerduty.requests.length).toBe(pdBefore);
  });
});

/**
 * An incident whose receiver stands for no channel (the deployment pipeline's monitor step makes
 * setups without channels) goes to the notifier's own Slack webhook and PagerDuty routing key — the
 * ones run notifications use. The incidents module runs as the notifier wires it, on a real nats-server.
 */
describe("incidents without channels, to the notifier's own Slack and PagerDuty, on a real nats-server (int)", () => {
  const OWN_KEY = 'R0UT1NGKEYOFTHENOTIFIER';
  let nats: NatsFixture;
  let slack: SlackReceiver;
  let pagerduty: PagerDutyReceiver;
  let handle: ServiceHandle | undefined;
  const lines: string[] = [];

  const bare = (fingerprint: string, setup: string, tier: string): IncidentEvent => ({
    fingerprint,
    setup,
    alertname: 'TargetDown',
    severity: 'page',
    service: 'hello',
    labels: { alertname: 'TargetDown', severity: 'page', service: 'hello', team: 'jetway', tier, setup },
    annotations: { summary: 'hello is down', runbook_url: `http://127.0.0.1:9099/runbooks/${setup}/hello/TargetDown.html` },
    starts_at: '2026-12-01T08:00:00Z',
    receiver: tier === 'tier_3_standard' ? 'default-tier3' : 'default-page',
    channels: [],
  });
  async function start(config: Partial<NotifierConfig>): Promise<{ handle: ServiceHandle; publish: (subject: typeof DETECTED | typeof RESOLVED, event: IncidentEvent, id?: string) => Promise<unknown>; acked: (subject: EventSubject, count: number) => Promise<unknown> }> {
    await handle?.stop();
    const env = { ...loadNotifierConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_PAGERDUTY_URL: pagerduty.url, ...config };
    const logger = new JsonLogger('notifier', {}, 'info', (line) => lines.push(line));
    const started = await startService({ service: 'notifier', env, feature: IncidentsModule.register(env), logger });
    handle = started;
    const publisher = new EventPublisher(started.mesh.js, 'monitor-configurator');
    return {
      handle: started,
      publish: (subject, event, id) =>
        publisher.publish(subject, event, { runId: event.setup, subject: event.fingerprint, id: id ?? `${event.fingerprint}-${event.starts_at}-${subject === DETECTED ? 'firing' : 'resolved'}` }),
      acked: (subject, count) =>
        waitFor(async () => {
          const { values } = await started.metrics.messages.get();
          return values.filter((v) => v.labels.subject === subject && v.labels.outcome === 'ack').reduce((sum, v) => sum + v.value, 0) >= count;
        }, { message: `${count} ack(s) of ${subject}` }),
    };
  }

  beforeAll(async () => {
    nats = await startNats();
    [slack, pagerduty] = await Promise.all([startSlackReceiver(), startPagerDutyReceiver({ routingKey: OWN_KEY })]);
  });
  afterAll(async () => {
    await handle?.stop();
    await nats?.stop();
    await Promise.all([slack?.close(), pagerduty?.close()]);
  });

  it('pages PagerDuty with its own routing key, keyed on the fingerprint, and posts to its own Slack; once; resolves by the same key', async () => {
    const { publish, acked } = await start({ JETWAY_SLACK_WEBHOOK_URL: slack.url, JETWAY_PAGERDUTY_ROUTING_KEY: OWN_KEY });
    const alert = bare('e000000000000001', 'hello-production', 'tier_1_critical');
    await publish(DETECTED, alert);
    await acked(DETECTED, 1);
    expect(pagerduty.received).toEqual([expect.objectContaining({ event_action: 'trigger', dedup_key: 'e000000000000001', routing_key: OWN_KEY })]);
    expect(slack.received.map((m) => m.text)).toEqual(['🔥 TargetDown firing (page) on hello: hello is down']);

    await publish(DETECTED, alert, `republished-${Date.now()}`);
    await acked(DETECTED, 2);
    expect([pagerduty.received.length, slack.received.length]).toEqual([1, 1]);

    await publish(RESOLVED, { ...alert, ends_at: '2026-12-01T08:05:00Z' });
    await acked(RESOLVED, 1);
    expect(pagerduty.received[1]).toEqual({ routing_key: OWN_KEY, event_action: 'resolve', dedup_key: 'e000000000000001', client: 'Jetway' });
    expect(pagerduty.incidents.get('e000000000000001')).toBe('resolved');
    expect(slack.received.map((m) => m.text)).toEqual(['🔥 TargetDown firing (page) on hello: hello is down', '✅ TargetDown resolved on hello: hello is down']);
    expect([slack.rejected, pagerduty.rejected]).toEqual([[], []]);
  });

  it('never pages for a tier 3 setup (staging): Slack only', async () => {
    const { publish, acked } = await start({ JETWAY_SLACK_WEBHOOK_URL: slack.url, JETWAY_PAGERDUTY_ROUTING_KEY: OWN_KEY });
    const [pdBefore, slackBefore] = [pagerduty.requests.length, slack.received.length];
    await publish(DETECTED, bare('e000000000000002', 'hello-staging', 'tier_3_standard'));
    await acked(DETECTED, 1);
    expect(pagerduty.requests.length).toBe(pdBefore);
    expect(slack.received.length - slackBefore).toBe(1);
  });

  it('says in one log line that the incident reached nobody when neither is configured, and sends nothing', async () => {
    const { publish, acked } = await start({ JETWAY_SLACK_WEBHOOK_URL: undefined, JETWAY_PAGERDUTY_ROUTING_KEY: undefined });
    const [pdBefore, slackBefore] = [pagerduty.requests.length, slack.requests.length];
    lines.length = 0;
    await publish(DETECTED, bare('e000000000000003', 'hello-production', 'tier_1_critical'));
    await acked(DETECTED, 1);
    const said = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => String(entry['msg']).startsWith('incident reached nobody'));
    expect(said).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: expect.stringContaining('receiver "default-page" of setup "hello-production" stands for no channel, and the notifier has none of its own for it (set JETWAY_SLACK_WEBHOOK_URL'),
        configured: false,
        fingerprint: 'e000000000000003',
        alertname: 'TargetDown',
      }),
    ]);
    expect([pagerduty.requests.length, slack.requests.length]).toEqual([pdBefore, slackBefore]);
  });
});
