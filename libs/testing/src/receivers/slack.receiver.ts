import { startHttpReceiver, parseJson, text, type ReceivedRequest, type Rejection, type Reply } from './http-receiver';
import { issueLines } from './issue-lines';
import { SlackMessage } from './slack-message.schema';

export interface SlackReceiver {
  /** An incoming-webhook URL to post to. */
  readonly url: string;
  /** Accepted messages, in arrival order. */
  readonly received: SlackMessage[];
  /** Refused payloads (answered 400 like Slack: `invalid_payload` / `no_text` / `invalid_blocks`). */
  readonly rejected: Rejection[];
  /** Every request, with arrival time and headers. */
  readonly requests: ReceivedRequest[];
  /** Answer the next request with `status` (e.g. 429 and `{ 'retry-after': '1' }`). Queues. */
  failNext(status: number, headers?: Record<string, string>): void;
  /** Resolves once `count` messages were accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SlackReceiverOptions {
  /** The webhook path to serve; other paths answer 404 `no_service` like Slack. */
  readonly path?: string;
}

/** A stand-in for a Slack incoming webhook that checks payloads the way Slack does. */
export async function startSlackReceiver(opts: SlackReceiverOptions = {}): Promise<SlackReceiver> {
  const webhookPath = opts.path ?? '/services/T0000JETWAY/B0000JETWAY/jetwaytestsecret';
  const received: SlackMessage[] = [];
  const rejected: Rejection[] = [];
  const handle = (request: ReceivedRequest): Reply => {
    if (request.method !== 'POST') return text(405, 'invalid_method');
    if (request.path !== webhookPath) return text(404, 'no_service');
    const parsed = parseJson(request.body);
    if (!parsed.ok) {
      rejected.push({ body: request.body, errors: [parsed.error] });
      return text(400, 'invalid_payload');
    }
    const result = SlackMessage.safeParse(parsed.value);
    if (!result.success) {
      const errors = issueLines(result.error);
      rejected.push({ body: parsed.value, errors });
      return text(400, errors.some((e) => e.startsWith('text:')) ? 'no_text' : 'invalid_blocks');
    }
    received.push(result.data);
    return text(200, 'ok');
  };
  const server = await startHttpReceiver(handle);
  return {
    url: `${server.baseUrl}${webhookPath}`,
    received,
    rejected,
    requests: server.requests,
    failNext: (status, headers) => server.failNext(status, headers, status === 429 ? 'rate_limited' : 'error'),
    waitFor: (count, timeoutMs = 5_000) =>
      server.waitUntil(
        () => received.length >= count,
        timeoutMs,
        () => `${count} Slack message(s); accepted ${received.length}, rejected ${rejected.length}`,
      ),
    close: () => server.close(),
  };
}
