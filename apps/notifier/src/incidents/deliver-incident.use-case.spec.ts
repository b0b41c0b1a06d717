import type { AlertingChannel, IncidentEvent } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { deliverIncident, type IncidentDeps } from './deliver-incident.use-case';
import type { IncidentChannels } from './incident-channels';
import type { IncidentNotice, IncidentTarget } from './incident-notice';
import { OWN_PAGERDUTY, OWN_SLACK } from './own-channels';
import { MemoryGuard } from '../testing/memory-guard';

class RecordingChannels implements IncidentChannels {
  readonly sent: { channel: string; phase: string; key: string }[] = [];
  readonly failures = new Map<string, Error>();
  async deliver(channel: IncidentTarget, notice: IncidentNotice, key: string): Promise<void> {
    const failure = this.failures.get(channel.name);
    this.failures.delete(channel.name);
    if (failure) throw failure;
    this.sent.push({ channel: channel.name, phase: notice.phase, key });
  }
}

const channels: AlertingChannel[] = [
  { name: 'oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/pd-key' } },
  { name: 'chat', type: 'slack', severities: ['page', 'ticket'], config: { channel: '#payments', api_url_file: '/etc/jetway/slack-url' } },
  { name: 'mail', type: 'email', severities: ['ticket'], config: { to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' } },
];
const incident: IncidentEvent = {
  fingerprint: 'ed3be00d77271be1',
  setup: 'shop-monitoring',
  alertname: 'ShopDown',
  severity: 'page',
  labels: {},
  annotations: {},
  starts_at: '2026-11-30T12:00:00Z',
  receiver: 'payments-page',
  channels,
};

function setup() {
  const notes: string[] = [];
  const recording = new RecordingChannels();
  const deps: IncidentDeps = { channels: recording, guard: new MemoryGuard(), notDelivered: (line) => notes.push(line) };
  return { deps, recording, notes };
}

describe('deliverIncident', () => {
  it('delivers to each Jetway channel once and says which channels it does not deliver to', async () => {
    const { deps, recording, notes } = setup();
    expect(await deliverIncident(incident, 'detected', '2026-11-30T12:00:01Z', deps)).toEqual({ sent: 2, replayed: 0, notDelivered: ['mail'] });
    expect(recording.sent.map((s) => s.channel)).toEqual(['oncall', 'chat']);
    expect(notes).toEqual([expect.stringContaining('not delivered by Jetway to email channel "mail"')]);
  });

  it('sends nothing again for the same alert in the same phase, and sends its resolve', async () => {
    const { deps, recording } = setup();
    await deliverIncident(incident, 'detected', 't1', deps);
    expect(await deliverIncident(incident, 'detected', 't2', deps)).toMatchObject({ sent: 0, replayed: 2 });
    expect(await deliverIncident(incident, 'resolved', 't3', deps)).toMatchObject({ sent: 2, replayed: 0 });
    expect(recording.sent.map((s) => `${s.channel}:${s.phase}`)).toEqual(['oncall:detected', 'chat:detected', 'oncall:resolved', 'chat:resolved']);
    expect(new Set(recording.sent.map((s) => s.key)).size).toBe(4);
  });

  it('on a failed channel, retries only that channel, with the Retry-After asked for', async () => {
    const { deps, recording } = setup();
    recording.failures.set('chat', new TransientError('Slack is rate-limiting', { retryAfterMs: 3000 }));
    const error = await deliverIncident(incident, 'detected', 't1', deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(3000);
    expect((error as Error).message).toBe('1 of 2 incident deliveries failed: channel "chat" (slack): Slack is rate-limiting');
    expect(await deliverIncident(incident, 'detected', 't1', deps)).toMatchObject({ sent: 1, replayed: 1 });
    expect(recording.sent.map((s) => s.channel)).toEqual(['oncall', 'chat']);
  });

  it('fails permanently when every failure is permanent (an unreadable secret file)', async () => {
    const { deps, recording } = setup();
    recording.failures.set('oncall', new PermanentError('cannot read the PagerDuty routing key from /etc/jetway/pd-key (ENOENT)'));
    const error = await deliverIncident(incident, 'detected', 't1', deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('channel "oncall" (pagerduty): cannot read the PagerDuty routing key from /etc/jetway/pd-key');
  });

  describe('an incident without channels (its receiver stands for none)', () => {
    const bare = (severity: string, tier: string): IncidentEvent => ({ ...incident, severity, labels: { tier }, channels: [], receiver: 'default-page' });
    function own(configured = [OWN_SLACK, OWN_PAGERDUTY]) {
      const nobody: string[] = [];
      const { deps, recording, notes } = setup();
      return { deps: { ...deps, own: configured, reachedNobody: (line: string) => nobody.push(line) }, recording, notes, nobody };
    }

    it("goes to the notifier's own Slack, and its PagerDuty for a page outside tier 3, once per event and channel", async () => {
      const { deps, recording } = own();
      expect(await deliverIncident(bare('page', 'tier_1_critical'), 'detected', 't1', deps)).toEqual({ sent: 2, replayed: 0, notDelivered: [] });
      expect(await deliverIncident(bare('page', 'tier_1_critical'), 'detected', 't2', deps)).toMatchObject({ sent: 0, replayed: 2 });
      expect(await deliverIncident(bare('page', 'tier_1_critical'), 'resolved', 't3', deps)).toMatchObject({ sent: 2 });
      expect(recording.sent.map((s) => `${s.channel}:${s.phase}`)).toEqual(['jetway-slack:detected', 'jetway-pagerduty:detected', 'jetway-slack:resolved', 'jetway-pagerduty:resolved']);
    });

    it.each([
      ['a tier 3 page (staging never pages)', 'page', 'tier_3_standard'],
      ['a ticket', 'ticket', 'tier_1_critical'],
    ])('sends %s to Slack only', async (_what, severity, tier) => {
      const { deps, recording } = own();
      await deliverIncident(bare(severity, tier), 'detected', 't1', deps);
      expect(recording.sent.map((s) => s.channel)).toEqual(['jetway-slack']);
    });

    it('says in one line that it reached nobody when the notifier has no channel of its own for it', async () => {
      for (const [configured, severity] of [[[], 'page'], [[OWN_PAGERDUTY], 'ticket']] as const) {
        const { deps, recording, nobody, notes } = own([...configured]);
        expect(await deliverIncident(bare(severity, 'tier_1_critical'), 'detected', 't1', deps)).toEqual({ sent: 0, replayed: 0, notDelivered: [] });
        expect(recording.sent).toEqual([]);
        expect(notes).toEqual([]);
        expect(nobody).toEqual([
          'incident reached nobody: receiver "default-page" of setup "shop-monitoring" stands for no channel, and the notifier has none of its own for it (set JETWAY_SLACK_WEBHOOK_URL, and JETWAY_PAGERDUTY_ROUTING_KEY for pages outside tier 3)',
        ]);
      }
    });
  });
});
