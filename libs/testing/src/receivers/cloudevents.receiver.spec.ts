import { startCloudEventsReceiver, type CloudEventsReceiver } from './cloudevents.receiver';

const headers = {
  'ce-id': 'notify.abc.webhook',
  'ce-type': 'dev.jetway.notification.run.failed.v1',
  'ce-source': '/jetway/notifier',
  'ce-specversion': '1.0',
  'ce-time': '2025-01-02T03:04:05Z',
  'ce-subject': '01J9Z8X7W6V5T4S3R2Q1P0N9M8',
  'content-type': 'application/json',
};

describe('startCloudEventsReceiver', () => {
  let hook: CloudEventsReceiver;
  beforeEach(async () => {
    hook = await startCloudEventsReceiver();
  });
  afterEach(() => hook.close());

  it('accepts a binary-mode CloudEvent and decodes its attributes and data', async () => {
    const res = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify({ outcome: 'failed' }) });
    expect(res.status).toBe(204);
    await hook.waitFor(1, 1000);
    expect(hook.received[0]).toEqual({
      id: headers['ce-id'],
      type: headers['ce-type'],
      source: headers['ce-source'],
      specversion: '1.0',
      time: headers['ce-time'],
      subject: headers['ce-subject'],
      data: { outcome: 'failed' },
    });
  });

  it('rejects a structured-mode or attribute-less request, naming each missing header', async () => {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: 'x' }),
    });
    expect(res.status).toBe(400);
    const errors = hook.rejected[0]?.errors ?? [];
    for (const field of ['ce-id', 'ce-type', 'ce-source', 'ce-specversion', 'content-type']) {
      expect(errors.some((e) => e.startsWith(`${field}:`))).toBe(true);
    }
  });

  it('rejects a wrong specversion and a bad time', async () => {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: { ...headers, 'ce-specversion': '0.3', 'ce-time': 'yesterday' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(hook.rejected[0]?.errors.map((e) => e.split(':')[0])).toEqual(['ce-specversion', 'ce-time']);
  });
});
