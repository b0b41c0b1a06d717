import { TransientError } from '@jetway/messaging';
import { slackPacer, type Pacer } from '../drivers';
import { failureOf, post } from '../drivers/http-post';
import type { ApprovalNotice } from './approval-notice';
import { toApprovalSlackPayload } from './approval-slack-message';
import type { ApprovalSlack } from './deliver-approval.use-case';

export interface SlackWebhookOptions {
  /** The notifier's Slack incoming webhook (JETWAY_SLACK_WEBHOOK_URL; a secret: never logged). */
  readonly url: string;
  readonly timeoutMs?: number;
  /** Paces posts per webhook (one a second); shared with the other notifications by default. */
  readonly pacer?: Pacer;
}

/** The real channel: the notifier's Slack incoming webhook, paced with its other messages. */
export class HttpApprovalSlack implements ApprovalSlack {
  private readonly pacer: Pacer;
  private readonly timeoutMs: number;

  constructor(private readonly options: SlackWebhookOptions) {
    this.pacer = options.pacer ?? slackPacer;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async post(notice: ApprovalNotice): Promise<void> {
    const { url } = this.options;
    await this.pacer.acquire(url);
    const answer = await post('Slack', url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(toApprovalSlackPayload(notice)), timeoutMs: this.timeoutMs });
    const failure = failureOf('Slack', answer);
    if (failure instanceof TransientError && failure.retryAfterMs !== undefined) this.pacer.holdOff(url, failure.retryAfterMs);
    if (failure) throw failure;
  }
}
