import { z } from 'zod';
import { parseJson, startHttpReceiver, text, type ReceivedRequest, type Rejection, type Reply } from './http-receiver';
import { issueLines } from './issue-lines';

/** The CloudEvents 1.0 HTTP binary-mode attributes, as headers. */
const BinaryHeaders = z.object({
  'ce-id': z.string().min(1),
  'ce-type': z.string().min(1),
  'ce-source': z.string().min(1),
  'ce-specversion': z.literal('1.0'),
  'ce-time': z.iso.datetime({ offset: true }).optional(),
  'ce-subject': z.string().min(1).optional(),
  'content-type': z.string().startsWith('application/json', 'binary mode with a JSON body needs application/json'),
});

export interface ReceivedCloudEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly specversion: '1.0';
  readonly time?: string;
  readonly subject?: string;
  readonly data: unknown;
}

export interface CloudEventsReceiver {
  /** The URL to POST CloudEvents to. */
  readonly url: string;
  readonly received: ReceivedCloudEvent[];
  readonly rejected: Rejection[];
  readonly requests: ReceivedRequest[];
  failNext(status: number, headers?: Record<string, string>): void;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function decode(request: ReceivedRequest): { ok: true; event: ReceivedCloudEvent } | { ok: false; errors: string[] } {
  const headers = BinaryHeaders.safeParse(request.headers);
  const body = parseJson(request.body);
  const errors = [...(headers.success ? [] : issueLines(headers.error)), ...(body.ok ? [] : [body.error])];
  if (!headers.success || !body.ok) return { ok: false, errors };
  const h = headers.data;
  const event: ReceivedCloudEvent = {
    id: h['ce-id'],
    type: h['ce-type'],
    source: h['ce-source'],
    specversion: h['ce-specversion'],
    data: body.value,
    ...(h['ce-time'] !== undefined && { time: h['ce-time'] }),
    ...(h['ce-subject'] !== undefined && { subject: h['ce-subject'] }),
  };
  return { ok: true, event };
}

/** A generic webhook subscriber that accepts CloudEvents 1.0 in HTTP binary mode only. */
export async function startCloudEventsReceiver(): Promise<CloudEventsReceiver> {
  const received: ReceivedCloudEvent[] = [];
  const rejected: Rejection[] = [];
  const handle = (request: ReceivedRequest): Reply => {
    if (request.method !== 'POST') return text(405, 'method not allowed');
    const decoded = decode(request);
    if (!decoded.ok) {
      rejected.push({ body: request.body, errors: decoded.errors });
      return text(400, decoded.errors.join('\n'));
    }
    received.push(decoded.event);
    return { status: 204, body: '' };
  };
  const server = await startHttpReceiver(handle);
  return {
    url: `${server.baseUrl}/events`,
    received,
    rejected,
    requests: server.requests,
    failNext: (status, headers) => server.failNext(status, headers),
    waitFor: (count, timeoutMs = 5_000) =>
      server.waitUntil(
        () => received.length >= count,
        timeoutMs,
        () => `${count} CloudEvent(s); accepted ${received.length}, rejected ${rejected.length}`,
      ),
    close: () => server.close(),
  };
}
