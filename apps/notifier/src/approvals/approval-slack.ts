import { postToSlack, slackPacer, type Pacer } from '../drivers';
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
    await postToSlack(this.options.url, toApprovalSlackPayload(notice), { pacer: this.pacer, timeoutMs: this.timeoutMs });
  }
}
