import type { Notifier, PagerDutyIntent } from '../../use-cases';
import { failureOf, post } from '../http-post';
import { toPagerDutyEvent } from './pagerduty-event';

export interface PagerDutyDriverOptions {
  /** The integration (routing) key of the PagerDuty service: a secret, never logged. */
  readonly routingKey: string;
  /** Defaults to `https://events.pagerduty.com`; events go to `<baseUrl>/v2/enqueue`. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

/** Sends trigger / resolve events to PagerDuty's Events API v2 (202 = accepted). */
export class PagerDutyDriver implements Notifier<'pagerduty'> {
  readonly channel = 'pagerduty';

  constructor(private readonly options: PagerDutyDriverOptions) {}

  async send(intent: PagerDutyIntent): Promise<void> {
    const { routingKey, baseUrl = 'https://events.pagerduty.com', timeoutMs = 10_000 } = this.options;
    const answer = await post('PagerDuty', new URL('/v2/enqueue', baseUrl).toString(), {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toPagerDutyEvent(intent, routingKey)),
      timeoutMs,
    });
    const failure = failureOf(`PagerDuty (${intent.action} ${intent.dedupKey})`, answer);
    if (failure) throw failure;
  }
}
