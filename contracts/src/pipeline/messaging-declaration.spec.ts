import { inScope, parseMessaging } from './messaging-declaration';
import { subjectCovers, subjectsOverlap } from './nats-subjects';

const base = { managed_prefix: 'orders' };

function errorOf(input: unknown): string {
  try {
    parseMessaging(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the declaration to be refused');
}

describe('parseMessaging', () => {
  it("fills in nats-server's defaults", () => {
    const parsed = parseMessaging({ ...base, streams: [{ name: 'ORDERS', subjects: ['orders.>'] }], consumers: [{ stream: 'ORDERS', name: 'billing' }], kv: [{ bucket: 'orders-cache' }] });
    expect(parsed.streams[0]).toEqual({
      name: 'ORDERS', subjects: ['orders.>'], retention: 'limits', storage: 'file', replicas: 1,
      max_age_seconds: 0, max_bytes: -1, max_msgs: -1, duplicate_window_seconds: 120, discard: 'old',
    });
    expect(parsed.consumers[0]).toEqual({ stream: 'ORDERS', name: 'billing', ack_policy: 'explicit', max_deliver: -1, ack_wait_seconds: 30, deliver_policy: 'all' });
    expect(parsed.kv[0]).toEqual({ bucket: 'orders-cache', history: 1, ttl_seconds: 0, max_bytes: -1, replicas: 1 });
  });

  it('shortens the default duplicate window to a max_age under two minutes, as nats-server does', () => {
    expect(parseMessaging({ ...base, streams: [{ name: 'ORDERS', subjects: ['o.>'], max_age_seconds: 60 }] }).streams[0]?.duplicate_window_seconds).toBe(60);
  });

  it('names the field of a consumer on an undeclared stream', () => {
    expect(errorOf({ ...base, streams: [{ name: 'ORDERS', subjects: ['orders.>'] }], consumers: [{ stream: 'ORDERS_X', name: 'c' }] }))
      .toContain("consumers.0.stream: stream 'ORDERS_X' is not declared in streams: declare it or fix the name (declared: ORDERS)");
  });

  it("names the subject that overlaps another declared stream's", () => {
    expect(errorOf({ ...base, streams: [{ name: 'ORDERS', subjects: ['orders.>'] }, { name: 'ORDERS_EU', subjects: ['eu.x', 'orders.eu.*'] }] }))
      .toContain("streams.1.subjects.1: 'orders.eu.*' overlaps 'orders.>' of stream ORDERS");
  });

  it('refuses replicas over 5, a filter outside its stream and a duplicate window longer than max_age', () => {
    const message = errorOf({
      ...base,
      streams: [{ name: 'ORDERS', subjects: ['orders.*'], replicas: 7, max_age_seconds: 10, duplicate_window_seconds: 60 }],
      consumers: [{ stream: 'ORDERS', name: 'c', filter_subject: 'orders.a.b' }],
      kv: [{ bucket: 'orders-kv', replicas: 6 }],
    });
    expect(message).toContain('streams.0.replicas: replicas is at most 5');
    expect(message).toContain('kv.0.replicas: replicas is at most 5');
    expect(message).toContain("consumers.0.filter_subject: 'orders.a.b' is not within stream ORDERS's subjects (orders.*)");
    expect(message).toContain('streams.0.duplicate_window_seconds: 60s is longer than max_age_seconds (10s)');
  });

  it("refuses names outside the managed prefix and a prefix that would claim the mesh's own streams", () => {
    expect(errorOf({ ...base, streams: [{ name: 'PAYMENTS', subjects: ['p.>'] }] })).toContain("streams.0.name: 'PAYMENTS' does not start with managed_prefix 'orders'");
    expect(errorOf({ managed_prefix: 'jet' })).toContain("managed_prefix: 'jet' would claim the mesh's own streams");
    expect(errorOf({ managed_prefix: 'KV_or' })).toContain('managed_prefix');
  });

  it('keeps the mesh out of every scope', () => {
    expect(inScope({ prefix: 'orders' }, 'ORDERS_EVENTS')).toBe(true);
    expect(inScope({ prefix: 'orders' }, 'PAYMENTS')).toBe(false);
    expect(inScope({ prefix: 'orders' }, 'KV_orders-cache')).toBe(false);
  });
});

describe('subjects', () => {
  it.each([
    ['a.>', 'a.b.c', true], ['a.*', 'a.b', true], ['a.*', 'a.b.c', false], ['a.b', 'a.c', false], ['*.b', 'a.*', true], ['a', 'a.>', false],
  ])('%s overlaps %s: %s', (a, b, expected) => expect(subjectsOverlap(a, b)).toBe(expected));

  it.each([
    ['a.>', 'a.b.*', true], ['a.*', 'a.b', true], ['a.*', 'a.>', false], ['a.b', 'a.*', false], ['a.>', 'a', false],
  ])('%s covers %s: %s', (outer, inner, expected) => expect(subjectCovers(outer, inner)).toBe(expected));
});
