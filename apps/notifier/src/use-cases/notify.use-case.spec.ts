import type { PipelineFinished } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import type { NotificationChannel, NotificationIntent } from './notification-intent';
import type { Notifier } from './notifier.port';
import { notifyRunFinished, type NotifyDeps } from './notify.use-case';
import { MemoryGuard } from '../testing/memory-guard';

const RUN_ID = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const facts = { time: '2025-01-02T03:04:05Z', traceId: 'abc123' };
const failedRun: PipelineFinished = {
  run_id: RUN_ID,
  application: 'shop',
  outcome: 'failed',
  reason: 'step deploy-production rolled_back: health check failed',
  duration_ms: 10,
  urls: { staging: 'http://127.0.0.1:8080/shop/staging' },
  steps: [
    { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'succeeded' },
    { step_id: 'deploy-production', kind: 'deploy', environment: 'production', outcome: 'rolled_back' },
  ],
};

class RecordingNotifier<C extends NotificationChannel> implements Notifier<C> {
  readonly sent: NotificationIntent[] = [];
  readonly failures: Error[] = [];
  constructor(readonly channel: C) {}
  async send(intent: Extract<NotificationIntent, { channel: C }>): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(intent);
  }
}

function setup() {
  const notifiers = { slack: new RecordingNotifier('slack'), pagerduty: new RecordingNotifier('pagerduty'), webhook: new RecordingNotifier('webhook') };
  const deps: NotifyDeps = { notifiers, guard: new MemoryGuard() };
  return { deps, ...notifiers };
}

describe('notifyRunFinished', () => {
  it('sends each notification once, and a redelivered copy of the event sends nothing', async () => {
    const { deps, slack, pagerduty, webhook } = setup();
    expect(await notifyRunFinished(failedRun, facts, deps)).toEqual({ sent: 3, replayed: 0 });
    expect(await notifyRunFinished(failedRun, { ...facts, time: '2025-01-02T03:09:00Z' }, deps)).toEqual({ sent: 0, replayed: 3 });
    expect([slack.sent.length, pagerduty.sent.length, webhook.sent.length]).toEqual([1, 1, 1]);
    expect(pagerduty.sent[0]).toMatchObject({ action: 'trigger', dedupKey: 'jetway/shop/production' });
  });

  it('fails retryably when a channel does, and the retry re-sends only that channel', async () => {
    const { deps, slack, pagerduty } = setup();
    pagerduty.failures.push(new TransientError('PagerDuty is unavailable', { retryAfterMs: 2_000 }));
    const error: unknown = await notifyRunFinished(failedRun, facts, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(2_000);
    expect(String(error)).toContain('1 of 3 notifications failed');
    expect(await notifyRunFinished(failedRun, facts, deps)).toEqual({ sent: 1, replayed: 2 });
    expect([slack.sent.length, pagerduty.sent.length]).toEqual([1, 1]);
  });

  it('fails permanently when every failure is permanent', async () => {
    const { deps, slack } = setup();
    slack.failures.push(new PermanentError('Slack refused the request (HTTP 404: no_service)'));
    await expect(notifyRunFinished(failedRun, facts, deps)).rejects.toBeInstanceOf(PermanentError);
  });

  it('sends a staging rollback to Slack only: one post, no PagerDuty event', async () => {
    const { deps, slack, pagerduty } = setup();
    const stagingRollback: PipelineFinished = {
      ...failedRun,
      urls: {},
      steps: [{ step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'rolled_back' }],
    };
    expect(await notifyRunFinished(stagingRollback, facts, deps)).toEqual({ sent: 2, replayed: 0 });
    expect(slack.sent).toEqual([expect.objectContaining({ rolledBack: ['staging'] })]);
    expect(pagerduty.sent).toEqual([]);
  });
});
