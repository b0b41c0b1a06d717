import { TransientError } from '@jetway/messaging';
import type { Notifier, SlackIntent } from '../../use-cases';
import { failureOf, post } from '../http-post';
import { Pacer } from './pacer';
import { toSlackPayload } from './slack-message';

export interface SlackDriverOptions {
  /** The incoming-webhook URL (a secret: never logged). */
  readonly webhookUrl: string;
  readonly timeoutMs?: number;
  /** Share one pacer between drivers posting to the same URL; defaults to the process-wide one. */
  readonly pacer?: Pacer;
}

/** Slack allows about one message per second per incoming webhook. */
export const slackPacer = new Pacer(1000);

/**
 * Posts one payload to a Slack incoming webhook through the URL's pacer: waits its turn, and on
 * a 429 with Retry-After holds the URL off that long for every message that shares the pacer.
 * Every Slack message the notifier sends goes through here.
 */
export async function postToSlack(url: string, payload: unknown, options: { pacer: Pacer; timeoutMs: number }): Promise<void> {
  await options.pacer.acquire(url);
  const answer = await post('Slack', url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), timeoutMs: options.timeoutMs });
  const failure = failureOf('Slack', answer);
  if (failure instanceof TransientError && failure.retryAfterMs !== undefined) options.pacer.holdOff(url, failure.retryAfterMs);
  if (failure) throw failure;
}

/** Posts Block Kit messages to a Slack incoming webhook, at most one per second per URL. */
export class SlackDriver implements Notifier<'slack'> {
  readonly channel = 'slack';
  private readonly pacer: Pacer;

  constructor(private readonly options: SlackDriverOptions) {
    this.pacer = options.pacer ?? slackPacer;
  }

  async send(intent: SlackIntent): Promise<void> {
    const { webhookUrl, timeoutMs = 5_000 } = this.options;
    await postToSlack(webhookUrl, toSlackPayload(intent), { pacer: this.pacer, timeoutMs });
  }
}
