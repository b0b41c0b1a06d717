import { createHash } from 'node:crypto';
import { ceTypeOf } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { PagerDutyDriver, postToSlack, slackPacer, WebhookDriver, type Pacer } from '../drivers';
import type { DeliverableChannel, IncidentNotice, IncidentTarget, OwnChannel } from './incident-notice';
import { toIncidentPagerDutyIntent } from './incident-pagerduty';
import { toIncidentSlackPayload } from './incident-slack-message';
import type { OwnChannelSecrets } from './own-channels';
import { readSecretFile } from './secret-file';
import { pagerDutyBucket, type TokenBucket } from './token-bucket';

/**
 * Delivers one incident notice to one channel. Resolves once the remote accepted it; rejects with
 * `TransientError` when a retry may help (429 with `retryAfterMs` from Retry-After, 5xx, no
 * answer) and `PermanentError` when not (a refused payload, an unreadable secret file). Does not
 * deduplicate: the caller claims `idempotencyKey` first.
 */
export interface IncidentChannels {
  deliver(channel: IncidentTarget, notice: IncidentNotice, idempotencyKey: string): Promise<void>;
}

export interface HttpIncidentChannelsOptions {
  /** PagerDuty's Events API base URL (`JETWAY_PAGERDUTY_URL`). */
  readonly pagerDutyUrl: string;
  readonly timeoutMs?: number;
  /** Paces events per routing key (120 a minute); one per process by default. */
  readonly pagerDutyBucket?: TokenBucket;
  /** Paces posts per Slack webhook URL (one a second); shared with run notifications by default. */
  readonly slackPacer?: Pacer;
  /** The notifier's own Slack webhook and PagerDuty routing key, for incidents without channels. */
  readonly own?: OwnChannelSecrets;
}

/** The real channels: PagerDuty Events API v2, Slack incoming webhooks, CloudEvents webhooks. A setup's secrets are read from their files at send time. */
export class HttpIncidentChannels implements IncidentChannels {
  private readonly bucket: TokenBucket;
  private readonly pacer: Pacer;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpIncidentChannelsOptions) {
    this.bucket = options.pagerDutyBucket ?? pagerDutyBucket();
    this.pacer = options.slackPacer ?? slackPacer;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async deliver(channel: IncidentTarget, notice: IncidentNotice, idempotencyKey: string): Promise<void> {
    if ('own' in channel) return this.deliverOwn(channel, notice, idempotencyKey);
    switch (channel.type) {
      case 'pagerduty':
        return this.page(await readSecretFile(channel.config.routing_key_file, `PagerDuty routing key of channel "${channel.name}"`), notice, idempotencyKey);
      case 'slack':
        return this.chat(await this.slackUrl(channel), notice, channel.config.channel);
      case 'webhook':
        return this.hook(channel, notice, idempotencyKey);
    }
  }

  /** The notifier's own Slack webhook or PagerDuty service, from its configuration. */
  private async deliverOwn(channel: OwnChannel, notice: IncidentNotice, idempotencyKey: string): Promise<void> {
    const { slackWebhookUrl, pagerDutyRoutingKey } = this.options.own ?? {};
    if (channel.type === 'slack') {
      if (!slackWebhookUrl) throw new PermanentError('the notifier has no Slack webhook of its own: set JETWAY_SLACK_WEBHOOK_URL');
      return this.chat(slackWebhookUrl, notice);
    }
    if (!pagerDutyRoutingKey) throw new PermanentError('the notifier has no PagerDuty routing key of its own: set JETWAY_PAGERDUTY_ROUTING_KEY');
    return this.page(pagerDutyRoutingKey, notice, idempotencyKey);
  }

  private async page(routingKey: string, notice: IncidentNotice, idempotencyKey: string): Promise<void> {
    // The bucket is keyed by a digest: the key itself stays out of long-lived state.
    const destination = createHash('sha256').update(routingKey).digest('hex');
    await this.bucket.acquire(destination);
    const driver = new PagerDutyDriver({ routingKey, baseUrl: this.options.pagerDutyUrl, timeoutMs: this.timeoutMs });
    await driver.send(toIncidentPagerDutyIntent(notice, idempotencyKey)).catch((error: unknown) => {
      if (error instanceof TransientError && error.retryAfterMs !== undefined) this.bucket.holdOff(destination, error.retryAfterMs);
      throw error;
    });
  }

  private async slackUrl(channel: Extract<DeliverableChannel, { type: 'slack' }>): Promise<string> {
    const file = channel.config.api_url_file;
    const url = await readSecretFile(file, `Slack webhook URL of channel "${channel.name}"`);
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new PermanentError(`the Slack webhook URL file ${file} does not hold an http(s) URL`);
    return url;
  }

  /** `slackChannel` as Alertmanager's Slack receiver sends it (legacy webhooks honour it, others ignore it). */
  private async chat(url: string, notice: IncidentNotice, slackChannel?: string): Promise<void> {
    await postToSlack(url, { ...(slackChannel && { channel: slackChannel }), ...toIncidentSlackPayload(notice) }, { pacer: this.pacer, timeoutMs: this.timeoutMs });
  }

  private async hook(channel: Extract<DeliverableChannel, { type: 'webhook' }>, notice: IncidentNotice, idempotencyKey: string): Promise<void> {
    const subject = notice.phase === 'detected' ? 'jetway.incident.detected.v1' : 'jetway.incident.resolved.v1';
    // The subscriber gets the alert, not where Jetway keeps its secrets.
    const { channels: _channels, ...data } = notice.incident;
    await new WebhookDriver({ url: channel.config.url, timeoutMs: this.timeoutMs }).send({
      channel: 'webhook',
      idempotencyKey,
      event: { id: idempotencyKey, type: ceTypeOf(subject), time: notice.time, subject: notice.incident.fingerprint },
      data,
    });
  }
}
