import { PagerDutyDriver, postToSlack, slackPacer, type Pacer } from '../drivers';
import type { DriftChannel, DriftChannels } from './deliver-drift.use-case';
import type { DriftNotice } from './drift-notice';
import { toDriftPagerDutyIntent } from './drift-pagerduty';
import { toDriftSlackPayload } from './drift-slack-message';

export interface HttpDriftChannelsOptions {
  /** The notifier's Slack incoming webhook (JETWAY_SLACK_WEBHOOK_URL; a secret). */
  readonly slackWebhookUrl?: string;
  /** The notifier's PagerDuty routing key (JETWAY_PAGERDUTY_ROUTING_KEY; a secret). */
  readonly pagerDutyRoutingKey?: string;
  /** PagerDuty's Events API base URL (JETWAY_PAGERDUTY_URL). */
  readonly pagerDutyUrl: string;
  readonly timeoutMs?: number;
  /** Paces posts per Slack webhook (one a second); shared with the other notifications by default. */
  readonly slackPacer?: Pacer;
}

/** The real channels: a Slack incoming webhook and PagerDuty's Events API v2. */
export class HttpDriftChannels implements DriftChannels {
  private readonly pacer: Pacer;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpDriftChannelsOptions) {
    this.pacer = options.slackPacer ?? slackPacer;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The channels this configuration can reach. */
  get configured(): DriftChannel[] {
    return [...(this.options.slackWebhookUrl ? ['slack' as const] : []), ...(this.options.pagerDutyRoutingKey ? ['pagerduty' as const] : [])];
  }

  async deliver(channel: DriftChannel, notice: DriftNotice, idempotencyKey: string): Promise<void> {
    if (channel === 'pagerduty') {
      const routingKey = this.options.pagerDutyRoutingKey;
      if (!routingKey) throw new Error('no PagerDuty routing key: set JETWAY_PAGERDUTY_ROUTING_KEY');
      await new PagerDutyDriver({ routingKey, baseUrl: this.options.pagerDutyUrl, timeoutMs: this.timeoutMs }).send(toDriftPagerDutyIntent(notice, idempotencyKey));
      return;
    }
    const url = this.options.slackWebhookUrl;
    if (!url) throw new Error('no Slack webhook: set JETWAY_SLACK_WEBHOOK_URL');
    await postToSlack(url, toDriftSlackPayload(notice), { pacer: this.pacer, timeoutMs: this.timeoutMs });
  }
}
