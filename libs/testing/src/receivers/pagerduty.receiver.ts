import { randomUUID } from 'node:crypto';
import { json, parseJson, startHttpReceiver, type ReceivedRequest, type Rejection, type Reply } from './http-receiver';
import { issueLines } from './issue-lines';
import { PagerDutyEvent } from './pagerduty-event.schema';

export interface PagerDutyReceiver {
  /** The base URL (like `https://events.pagerduty.com`); events go to `<url>/v2/enqueue`. */
  readonly url: string;
  /** Accepted events, in arrival order. */
  readonly received: PagerDutyEvent[];
  /** Refused events (answered 400 `invalid event` with the errors). */
  readonly rejected: Rejection[];
  readonly requests: ReceivedRequest[];
  /** State of each incident by dedup key, as PagerDuty would keep it. */
  readonly incidents: Map<string, 'triggered' | 'acknowledged' | 'resolved'>;
  /** Answer the next request with `status` (e.g. 429, 500). Queues. */
  failNext(status: number, headers?: Record<string, string>): void;
  /** Resolves once `count` events were accepted; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface PagerDutyReceiverOptions {
  /** When given, any other routing key is refused (400). */
  readonly routingKey?: string;
}

const ENQUEUE_PATH = '/v2/enqueue';
const STATE = { trigger: 'triggered', acknowledge: 'acknowledged', resolve: 'resolved' } as const;

function invalid(rejected: Rejection[], body: unknown, errors: string[]): Reply {
  rejected.push({ body, errors });
  return json(400, { status: 'invalid event', message: 'Event object is invalid', errors });
}

/** A stand-in for PagerDuty's Events API v2 that validates events the way PagerDuty does. */
export async function startPagerDutyReceiver(opts: PagerDutyReceiverOptions = {}): Promise<PagerDutyReceiver> {
  const received: PagerDutyEvent[] = [];
  const rejected: Rejection[] = [];
  const incidents = new Map<string, 'triggered' | 'acknowledged' | 'resolved'>();
  const handle = (request: ReceivedRequest): Reply => {
    if (request.method !== 'POST' || request.path !== ENQUEUE_PATH) return json(404, { status: 'not found' });
    const parsed = parseJson(request.body);
    if (!parsed.ok) return invalid(rejected, request.body, [parsed.error]);
    const result = PagerDutyEvent.safeParse(parsed.value);
    if (!result.success) return invalid(rejected, parsed.value, issueLines(result.error));
    const event = result.data;
    if (opts.routingKey !== undefined && event.routing_key !== opts.routingKey) {
      return invalid(rejected, parsed.value, ['routing_key: unknown integration key']);
    }
    const dedupKey = event.dedup_key ?? randomUUID().replaceAll('-', '');
    received.push({ ...event, dedup_key: dedupKey });
    // Like PagerDuty, acknowledging or resolving a key with no incident changes nothing.
    if (event.event_action === 'trigger' || incidents.has(dedupKey)) incidents.set(dedupKey, STATE[event.event_action]);
    return json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  };
  const server = await startHttpReceiver(handle);
  return {
    url: server.baseUrl,
    received,
    rejected,
    requests: server.requests,
    incidents,
    failNext: (status, headers) =>
      server.failNext(status, { 'content-type': 'application/json', ...headers }, JSON.stringify({ status: 'error' })),
    waitFor: (count, timeoutMs = 5_000) =>
      server.waitUntil(
        () => received.length >= count,
        timeoutMs,
        () => `${count} PagerDuty event(s); accepted ${received.length}, rejected ${rejected.length}`,
      ),
    close: () => server.close(),
  };
}
