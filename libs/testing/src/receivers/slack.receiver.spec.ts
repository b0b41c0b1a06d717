import { startSlackReceiver, type SlackReceiver } from './slack.receiver';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('startSlackReceiver', () => {
  let slack: SlackReceiver;
  beforeEach(async () => {
    slack = await startSlackReceiver();
  });
  afterEach(() => slack.close());

  it('accepts a Block Kit message and answers 200 ok', async () => {
    const message = {
      text: 'shop succeeded',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'shop succeeded' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Application*\nshop' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'trace abc' }] },
        { type: 'divider' },
      ],
    };
    const res = await post(slack.url, message);
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
    await slack.waitFor(1, 1000);
    expect(slack.received).toEqual([message]);
  });

  it.each([
    ['an empty text', { text: '' }, 'no_text', 'text: '],
    ['an unknown block type', { text: 'x', blocks: [{ type: 'banner' }] }, 'invalid_blocks', 'blocks.0.type'],
    ['a header with mrkdwn', { text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] }, 'invalid_blocks', 'blocks.0.text.type'],
    ['a section with neither text nor fields', { text: 'x', blocks: [{ type: 'section' }] }, 'invalid_blocks', 'blocks.0'],
    ['a text object without text', { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn' } }] }, 'invalid_blocks', 'blocks.0.text.text'],
  ])('rejects %s with 400 and records why', async (_what, body, answer, errorPrefix) => {
    const res = await post(slack.url, body);
    expect([res.status, await res.text()]).toEqual([400, answer]);
    expect(slack.received).toHaveLength(0);
    expect(slack.rejected[0]?.errors.some((e) => e.startsWith(errorPrefix))).toBe(true);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await fetch(slack.url, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(400);
    expect(slack.rejected[0]?.errors[0]).toContain('not JSON');
  });

  it('answers 404 no_service on another path', async () => {
    const res = await post(slack.url.replace('/services/', '/other/'), { text: 'x' });
    expect([res.status, await res.text()]).toEqual([404, 'no_service']);
  });

  it('fails the next requests as told, in order, then recovers', async () => {
    slack.failNext(429, { 'retry-after': '2' });
    slack.failNext(503);
    const first = await post(slack.url, { text: 'a' });
    const second = await post(slack.url, { text: 'b' });
    const third = await post(slack.url, { text: 'c' });
    expect([first.status, first.headers.get('retry-after'), second.status, third.status]).toEqual([429, '2', 503, 200]);
    expect(slack.received.map((m) => m.text)).toEqual(['c']);
    expect(slack.requests).toHaveLength(3);
  });

  it('waitFor times out saying what it waited for', async () => {
    await expect(slack.waitFor(1, 30)).rejects.toThrow('1 Slack message(s); accepted 0');
  });
});
