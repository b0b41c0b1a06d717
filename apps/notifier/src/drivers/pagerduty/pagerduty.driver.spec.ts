import { PermanentError, TransientError } from '@jetway/messaging';
import { startPagerDutyReceiver, type PagerDutyReceiver } from '@jetway/testing';
import type { PagerDutyIntent } from '../../use-cases';
import { PagerDutyDriver } from './pagerduty.driver';

const ROUTING_KEY = 'a'.repeat(32);
const trigger: PagerDutyIntent = {
  channel: 'pagerduty',
  idempotencyKey: 'notify.abc.pagerduty.trigger.production',
  action: 'trigger',
  dedupKey: 'jetway/shop/production',
  summary: 'Jetway run of shop failed in production',
  source: 'http://127.0.0.1:8080/shop/production',
  severity: 'critical',
  component: 'shop',
  group: 'production',
  class: 'pipeline-run-failed',
  customDetails: { run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8' },
  links: [{ href: 'http://127.0.0.1:8080/shop/production', text: 'shop in production' }],
};
const resolve: PagerDutyIntent = { ...trigger, action: 'resolve', severity: 'info', links: [] };

describe('PagerDutyDriver against a PagerDuty receiver', () => {
  let pd: PagerDutyReceiver;
  let driver: PagerDutyDriver;
  beforeEach(async () => {
    pd = await startPagerDutyReceiver({ routingKey: ROUTING_KEY });
    driver = new PagerDutyDriver({ routingKey: ROUTING_KEY, baseUrl: pd.url });
  });
  afterEach(() => pd.close());

  it('triggers then resolves one incident per dedup key', async () => {
    await driver.send(trigger);
    expect(pd.incidents.get('jetway/shop/production')).toBe('triggered');
    await driver.send(resolve);
    expect(pd.rejected).toEqual([]);
    expect(pd.incidents.get('jetway/shop/production')).toBe('resolved');
    expect(pd.received[0]).toMatchObject({
      event_action: 'trigger',
      payload: { severity: 'critical', component: 'shop', group: 'production', class: 'pipeline-run-failed' },
      links: trigger.links,
    });
  });

  it('turns 429 and 5xx into TransientError', async () => {
    pd.failNext(429);
    pd.failNext(502);
    await expect(driver.send(trigger)).rejects.toBeInstanceOf(TransientError);
    await expect(driver.send(trigger)).rejects.toBeInstanceOf(TransientError);
  });

  it('turns 400 into a PermanentError saying what PagerDuty answered', async () => {
    const wrongKey = new PagerDutyDriver({ routingKey: 'someone-else', baseUrl: pd.url });
    const error = await wrongKey.send(trigger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('routing_key: unknown integration key');
    expect((error as Error).message).not.toContain('someone-else');
  });
});
