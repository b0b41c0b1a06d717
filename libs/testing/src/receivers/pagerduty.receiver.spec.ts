import { startPagerDutyReceiver, type PagerDutyReceiver } from './pagerduty.receiver';

const trigger = {
  routing_key: 'R0UT1NGKEY',
  event_action: 'trigger',
  dedup_key: 'jetway/shop/production',
  payload: { summary: 'shop failed', source: 'jetway', severity: 'critical', component: 'shop', group: 'production', class: 'x' },
};

describe('startPagerDutyReceiver', () => {
  let pd: PagerDutyReceiver;
  const enqueue = (body: unknown) =>
    fetch(`${pd.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  beforeEach(async () => {
    pd = await startPagerDutyReceiver();
  });
  afterEach(() => pd.close());

  it('accepts a trigger with 202 and the dedup key, and opens the incident', async () => {
    const res = await enqueue(trigger);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'jetway/shop/production' });
    await pd.waitFor(1, 1000);
    expect(pd.incidents.get('jetway/shop/production')).toBe('triggered');
  });

  it('resolves an open incident with only routing_key, action and dedup_key', async () => {
    await enqueue(trigger);
    const res = await enqueue({ routing_key: 'R0UT1NGKEY', event_action: 'resolve', dedup_key: 'jetway/shop/production' });
    expect(res.status).toBe(202);
    expect(pd.incidents.get('jetway/shop/production')).toBe('resolved');
  });

  it('keeps no incident for a resolve of an unknown key', async () => {
    const res = await enqueue({ routing_key: 'k', event_action: 'resolve', dedup_key: 'jetway/none/staging' });
    expect(res.status).toBe(202);
    expect(pd.incidents.has('jetway/none/staging')).toBe(false);
  });

  it('makes up a dedup key for a trigger without one', async () => {
    const { dedup_key: _omitted, ...withoutKey } = trigger;
    const body = (await (await enqueue(withoutKey)).json()) as { dedup_key: string };
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['a bad severity', { ...trigger, payload: { ...trigger.payload, severity: 'high' } }, 'payload.severity'],
    ['a summary over 1024 characters', { ...trigger, payload: { ...trigger.payload, summary: 'x'.repeat(1025) } }, 'payload.summary'],
    ['a trigger without payload', { routing_key: 'k', event_action: 'trigger' }, 'payload'],
    ['a resolve without dedup_key', { routing_key: 'k', event_action: 'resolve' }, 'dedup_key'],
    ['an unknown action', { ...trigger, event_action: 'close' }, 'event_action'],
    ['no routing key', { ...trigger, routing_key: '' }, 'routing_key'],
  ])('rejects %s with 400 invalid event naming the field', async (_what, body, field) => {
    const res = await enqueue(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { status: string; errors: string[] };
    expect(answer.status).toBe('invalid event');
    expect(answer.errors.some((e) => e.startsWith(`${field}:`))).toBe(true);
    expect(pd.rejected).toHaveLength(1);
    expect(pd.received).toHaveLength(0);
  });

  it('refuses another routing key when one is configured', async () => {
    const strict = await startPagerDutyReceiver({ routingKey: 'expected' });
    try {
      const res = await fetch(`${strict.url}/v2/enqueue`, { method: 'POST', body: JSON.stringify(trigger) });
      expect(res.status).toBe(400);
      expect(strict.rejected[0]?.errors).toEqual(['routing_key: unknown integration key']);
    } finally {
      await strict.close();
    }
  });

  it('answers 404 off /v2/enqueue and fails next requests as told', async () => {
    expect((await fetch(`${pd.url}/v1/enqueue`, { method: 'POST', body: '{}' })).status).toBe(404);
    pd.failNext(500);
    expect((await enqueue(trigger)).status).toBe(500);
    expect((await enqueue(trigger)).status).toBe(202);
  });
});
