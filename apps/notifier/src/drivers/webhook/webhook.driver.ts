import type { Notifier, WebhookIntent } from '../../use-cases';
import { failureOf, post } from '../http-post';

export interface WebhookDriverOptions {
  /** Where subscribers receive CloudEvents. */
  readonly url: string;
  /** The CloudEvents `source` attribute; defaults to `/jetway/notifier`. */
  readonly source?: string;
  /** Extra headers, e.g. an Authorization header (never logged). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** The CloudEvents 1.0 HTTP binary-mode request: attributes as `ce-*` headers, data as the JSON body. */
export function toBinaryCloudEvent(intent: WebhookIntent, source: string): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      'ce-specversion': '1.0',
      'ce-id': intent.event.id,
      'ce-type': intent.event.type,
      'ce-source': source,
      'ce-time': intent.event.time,
      'ce-subject': intent.event.subject,
      'content-type': 'application/json',
    },
    body: JSON.stringify(intent.data),
  };
}

/** Posts notifications as CloudEvents to a generic webhook; any 2xx is accepted. */
export class WebhookDriver implements Notifier<'webhook'> {
  readonly channel = 'webhook';

  constructor(private readonly options: WebhookDriverOptions) {}

  async send(intent: WebhookIntent): Promise<void> {
    const { url, source = '/jetway/notifier', headers = {}, timeoutMs = 5_000 } = this.options;
    const request = toBinaryCloudEvent(intent, source);
    const answer = await post('Webhook', url, {
      headers: { ...headers, ...request.headers },
      body: request.body,
      timeoutMs,
    });
    const failure = failureOf('Webhook', answer);
    if (failure) throw failure;
  }
}
