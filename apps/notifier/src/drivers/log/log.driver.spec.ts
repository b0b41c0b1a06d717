import { JsonLogger } from '@jetway/telemetry';
import type { PagerDutyIntent } from '../../use-cases';
import { LogDriver } from './log.driver';

const intent: PagerDutyIntent = {
  channel: 'pagerduty',
  idempotencyKey: 'notify.abc.pagerduty.trigger.staging',
  action: 'trigger',
  dedupKey: 'jetway/shop/staging',
  summary: 'Jetway run of shop failed in staging',
  source: 'jetway/shop/staging',
  severity: 'error',
  component: 'shop',
  group: 'staging',
  class: 'pipeline-run-failed',
  customDetails: {},
  links: [],
};

describe('LogDriver', () => {
  it('writes exactly one JSON line naming the channel and carrying the intent', async () => {
    const lines: string[] = [];
    const logger = new JsonLogger('notifier', {}, 'info', (line) => lines.push(line));
    await new LogDriver('pagerduty', logger).send(intent);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', service: 'notifier', msg: 'notification', channel: 'pagerduty', configured: false });
    expect(entry['intent']).toMatchObject({ action: 'trigger', dedupKey: 'jetway/shop/staging' });
  });
});
