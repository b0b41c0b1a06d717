import { PermanentError, TransientError } from '@jetway/messaging';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '@jetway/testing';
import type { WebhookIntent } from '../../use-cases';
import { WebhookDriver } from './webhook.driver';

const intent: WebhookIntent = {
  channel: 'webhook',
  idempotencyKey: 'notify.abc.webhook',
  event: {
    id: 'notify.abc.webhook',
    type: 'dev.jetway.notification.run.failed.v1',
    time: '2025-01-02T03:04:05Z',
    subject: '01J9Z8X7W6V5T4S3R2Q1P0N9M8',
  },
  data: { run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', outcome: 'failed' },
};

describe('WebhookDriver against a CloudEvents receiver', () => {
  let hook: CloudEventsReceiver;
  beforeEach(async () => {
    hook = await startCloudEventsReceiver();
  });
  afterEach(() => hook.close());

  it('posts a binary-mode CloudEvent with the extra headers it was given', async () => {
    await new WebhookDriver({ url: hook.url, headers: { authorization: 'Bearer t' } }).send(intent);
    expect(hook.rejected).toEqual([]);
    expect(hook.received).toEqual([
      {
        id: intent.event.id,
        type: intent.event.type,
        source: '/jetway/notifier',
        specversion: '1.0',
        time: intent.event.time,
        subject: intent.event.subject,
        data: intent.data,
      },
    ]);
    expect(hook.requests[0]?.headers['authorization']).toBe('Bearer t');
  });

  it('maps 5xx to TransientError and 4xx to PermanentError', async () => {
    const driver = new WebhookDriver({ url: hook.url });
    hook.failNext(500);
    hook.failNext(410);
    await expect(driver.send(intent)).rejects.toBeInstanceOf(TransientError);
    await expect(driver.send(intent)).rejects.toBeInstanceOf(PermanentError);
  });

  it('times out a subscriber that never answers as a TransientError', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await new WebhookDriver({ url: `http://127.0.0.1:${port}/`, timeoutMs: 100 })
        .send(intent)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toContain('no answer within 100 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });
});
