import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppName, describeIssues } from '@jetway/contracts';
import { AlertmanagerWebhook } from './alertmanager-webhook.schema';
import { FileReceiverDirectory } from './file-receiver-directory';
import { toIncidentMessages } from './incident-events';
import type { IncidentPublisher } from './incident-publisher';
import type { ReceiverDirectory } from './receiver-directory.port';
import { readRunbook } from './runbook-files';

export interface AlertIngressOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** The monitoring stack's directory: applied setups live in `<stackDir>/setups/<setup>/`. */
  readonly stackDir: string;
  readonly publisher: IncidentPublisher;
  /** Defaults to the setups' `alertmanager/receivers.json` files under `stackDir`. */
  readonly receivers?: ReceiverDirectory;
  /** Told of each answer other than 2xx (the reason), for the service's log. */
  readonly onRefused?: (status: number, reason: string) => void;
}

export interface AlertIngress {
  /** `http://<host>:<port>`: Alertmanager posts to `<url>/alerts/<setup>/<receiver>`. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Buffer;
}

/** Alertmanager groups are small; a megabyte of JSON is hundreds of alerts. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const json = (status: number, value: unknown): Answer => ({ status, contentType: 'application/json', body: JSON.stringify(value) });
const refusal = (status: number, error: string): Answer => json(status, { error });

/**
 * Alertmanager's webhook into the mesh, and the runbook pages alerts link to:
 * - `POST /alerts/<setup>/<receiver>`: one incident event per alert; 200 only once every event
 *   is acknowledged by JetStream (otherwise 503, and Alertmanager retries);
 * - `GET /runbooks/<setup>/<path>`: the applied setup's runbook pages;
 * - `GET /healthz`.
 */
export async function startAlertIngress(options: AlertIngressOptions): Promise<AlertIngress> {
  const host = options.host ?? '127.0.0.1';
  const receivers = options.receivers ?? new FileReceiverDirectory(options.stackDir);
  const server = createServer((req, res) => {
    void answer(req, { ...options, receivers })
      .catch((error: unknown) => refusal(500, `alert ingress failed: ${(error as Error).message}`))
      .then((reply) => send(res, reply, options.onRefused));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}`, port, stop: () => close(server) };
}

async function answer(req: IncomingMessage, deps: AlertIngressOptions & { receivers: ReceiverDirectory }): Promise<Answer> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const [, root, setup, ...rest] = path.split('/');
  if (path === '/healthz') return req.method === 'GET' ? json(200, { status: 'ok' }) : refusal(405, 'use GET /healthz');
  if (root === 'alerts' && setup !== undefined && rest.length === 1) {
    if (req.method !== 'POST') return refusal(405, 'Alertmanager POSTs to /alerts/<setup>/<receiver>');
    const [name, receiver] = [decoded(setup), decoded(rest[0] ?? '')];
    if (name === undefined || receiver === undefined) return refusal(404, `nothing at ${path}: its path is not URL-encoded text`);
    return receiveAlerts(req, name, receiver, deps);
  }
  if (root === 'runbooks' && setup !== undefined && rest.length > 0) {
    if (req.method !== 'GET') return refusal(405, 'runbooks are read with GET');
    if (!AppName.safeParse(setup).success) return refusal(404, `no monitoring setup "${setup}"`);
    const file = await readRunbook(deps.stackDir, setup, rest.join('/'));
    return file.ok ? { status: 200, contentType: file.contentType, body: file.body } : refusal(file.status, file.reason);
  }
  return refusal(404, `nothing at ${path}: POST /alerts/<setup>/<receiver>, GET /runbooks/<setup>/<page>, GET /healthz`);
}

async function receiveAlerts(req: IncomingMessage, setup: string, receiver: string, deps: AlertIngressOptions & { receivers: ReceiverDirectory }): Promise<Answer> {
  if (!AppName.safeParse(setup).success) return refusal(404, `no monitoring setup "${setup}" (setup names are lower-case letters, digits and dashes)`);
  const lookup = await deps.receivers.channelsOf(setup, receiver);
  if (!lookup.found) return refusal(404, lookup.detail);
  const body = await readBody(req);
  if (body === undefined) return refusal(413, `the payload is larger than ${MAX_BODY_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    return refusal(400, `(root): the payload is not JSON (${(error as Error).message})`);
  }
  const payload = AlertmanagerWebhook.safeParse(value);
  if (!payload.success) return refusal(400, `not an Alertmanager webhook payload: ${describeIssues(payload.error)}`);
  const messages = toIncidentMessages(payload.data, { setup, receiver, channels: lookup.channels });
  const acks = await Promise.allSettled(messages.map((message) => deps.publisher.publish(message)));
  const failed = acks.flatMap((a, i) => (a.status === 'rejected' ? [`${messages[i]?.id}: ${String(a.reason)}`] : []));
  // Some may have been stored: Alertmanager's retry re-sends them under the same ids, which are dropped.
  if (failed.length > 0) return refusal(503, `${failed.length} of ${messages.length} incident events not acknowledged: ${failed.join('; ')}`);
  const duplicates = acks.filter((a) => a.status === 'fulfilled' && a.value.duplicate).length;
  return json(200, { published: messages.length - duplicates, duplicates, ids: messages.map((m) => m.id) });
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The body as text, or undefined when it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Answer, onRefused: AlertIngressOptions['onRefused']): void {
  if (reply.status >= 300) onRefused?.(reply.status, typeof reply.body === 'string' ? reply.body : '');
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) }).end(reply.body);
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
