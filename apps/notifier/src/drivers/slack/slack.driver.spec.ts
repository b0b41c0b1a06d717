import { PermanentError, TransientError } from '@jetway/messaging';
import { startSlackReceiver, type SlackReceiver } from '@jetway/testing';
import type { SlackIntent } from '../../use-cases';
import { Pacer } from './pacer';
import { SlackDriver } from './slack.driver';

const intent: SlackIntent = {
  channel: 'slack',
  idempotencyKey: 'notify.abc.slack',
  title: 'shop ❌ failed',
  application: 'shop',
  environments: ['production'],
  outcome: 'failed',
  rolledBack: [],
  runId: '01J9Z8X7W6V5T4S3R2Q1P0N9M8',
  reason: 'health check failed: <500> & timeout',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  urls: { production: 'http://127.0.0.1:8080/shop/production' },
  details: [],
};

describe('SlackDriver against a Slack receiver', () => {
  let slack: SlackReceiver;
  beforeEach(async () => {
    slack = await startSlackReceiver();
  });
  afterEach(() => slack.close());

  const driver = (intervalMs = 0) => new SlackDriver({ webhookUrl: slack.url, pacer: new Pacer(intervalMs) });

  it('posts a Block Kit message Slack accepts: header, fields, URLs, trace context', async () => {
    await driver().send(intent);
    expect(slack.rejected).toEqual([]);
    const [message] = slack.received;
    expect(message?.text).toContain('shop ❌ failed');
    expect(message?.blocks?.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    const texts = JSON.stringify(message?.blocks);
    for (const fact of ['*Application*\\nshop', '*Environment*\\nproduction', '*Outcome*\\nfailed', intent.runId]) {
      expect(texts).toContain(fact);
    }
    expect(texts).toContain('&lt;500&gt; &amp; timeout');
    expect(texts).toContain(`trace ${intent.traceId}`);
  });

  it('says where a run rolled back and that the previous release still serves, in the blocks and the fallback text', async () => {
    await driver().send({ ...intent, title: 'shop ❌ failed (rolled back in production)', rolledBack: ['production'] });
    expect(slack.rejected).toEqual([]);
    const [message] = slack.received;
    expect(message?.blocks?.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    const note = 'Rolled back in production: the new release was undone and the previous release still serves.';
    expect(JSON.stringify(message?.blocks)).toContain(note);
    expect(message?.text).toContain(note);
  });

  it('says what happened in words, in the blocks and the fallback text (Slack accepts the section)', async () => {
    const line = 'deploy-production (canary) rolled back automatically in production at 25 % of traffic; analysis failed: error_rate 31 % > 1 % over 412 requests (router)';
    await driver().send({ ...intent, details: [line] });
    expect(slack.rejected).toEqual([]);
    const [message] = slack.received;
    expect(message?.blocks?.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(JSON.stringify(message?.blocks)).toContain(`*What happened*\\n• ${line.replace('>', '&gt;')}`);
    expect(message?.text).toContain(line);
  });

  it('spaces messages to one webhook at least the interval apart, queueing all of them', async () => {
    const d = driver(150);
    const start = Date.now();
    await Promise.all([d.send(intent), d.send(intent), d.send(intent)]);
    expect(slack.received).toHaveLength(3);
    // Measured from the start, not between arrivals: a slow first connection must not hide pacing.
    // (Timers may fire a millisecond early, hence the small slack.)
    const [, second, third] = slack.requests.map((r) => r.at - start);
    expect(second).toBeGreaterThanOrEqual(145);
    expect(third).toBeGreaterThanOrEqual(295);
  });

  it('turns 429 into a TransientError with retryAfterMs from Retry-After', async () => {
    slack.failNext(429, { 'retry-after': '3' });
    const error = await driver().send(intent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(3000);
  });

  it('turns 5xx into a TransientError', async () => {
    slack.failNext(503);
    await expect(driver().send(intent)).rejects.toBeInstanceOf(TransientError);
  });

  it('turns 4xx into a PermanentError quoting what Slack said, without the secret URL', async () => {
    const bad = new SlackDriver({ webhookUrl: slack.url.replace('/services/', '/nope/'), pacer: new Pacer(0) });
    const error = await bad.send(intent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('HTTP 404: no_service');
    expect((error as Error).message).not.toContain('/nope/');
  });

  it('turns an unreachable webhook into a TransientError', async () => {
    const url = slack.url;
    await slack.close();
    const error = await new SlackDriver({ webhookUrl: url, pacer: new Pacer(0) }).send(intent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    slack = await startSlackReceiver();
  });
});
