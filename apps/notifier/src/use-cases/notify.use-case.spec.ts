import type { DeployFinished, PipelineFinished } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import type { NotificationChannel, NotificationIntent } from './notification-intent';
import type { Notifier } from './notifier.port';
import { notifyDeployFinished, notifyRunFinished, type EffectGuard, type NotifyDeps } from './notify.use-case';
import type { RunScopes } from './run-scopes.port';

const RUN_ID = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const facts = { time: '2025-01-02T03:04:05Z', traceId: 'abc123' };
const failedRun: PipelineFinished = {
  run_id: RUN_ID,
  application: 'shop',
  outcome: 'failed',
  reason: 'deploy-staging rolled back',
  duration_ms: 10,
  urls: {},
  steps: [{ step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', outcome: 'rolled_back' }],
};
const rollback: DeployFinished = { run_id: RUN_ID, step_id: 'deploy-staging', attempt: 1, outcome: 'rolled_back', duration_ms: 5 };

/** The effect ledger's semantics in memory: done keys replay, failed effects release the key. */
class MemoryGuard implements EffectGuard {
  readonly done = new Map<string, unknown>();
  async once<T>(key: string, effect: () => Promise<T>) {
    if (this.done.has(key)) return { result: this.done.get(key) as T, replayed: true };
    const result = await effect();
    this.done.set(key, result);
    return { result, replayed: false };
  }
}

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

function setup(scopes: RunScopes = { scopeOf: async () => ({ application: 'shop', environment: 'staging' }) }) {
  const notifiers = { slack: new RecordingNotifier('slack'), pagerduty: new RecordingNotifier('pagerduty'), webhook: new RecordingNotifier('webhook') };
  const deps: NotifyDeps = { notifiers, guard: new MemoryGuard(), scopes };
  return { deps, ...notifiers };
}

describe('notifyRunFinished', () => {
  it('sends each notification once, and a redelivered copy of the event sends nothing', async () => {
    const { deps, slack, pagerduty, webhook } = setup();
    expect(await notifyRunFinished(failedRun, facts, deps)).toEqual({ sent: 3, replayed: 0 });
    expect(await notifyRunFinished(failedRun, { ...facts, time: '2025-01-02T03:09:00Z' }, deps)).toEqual({ sent: 0, replayed: 3 });
    expect([slack.sent.length, pagerduty.sent.length, webhook.sent.length]).toEqual([1, 1, 1]);
    expect(pagerduty.sent[0]).toMatchObject({ action: 'trigger', dedupKey: 'jetway/shop/staging' });
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
});

describe('notifyDeployFinished', () => {
  it('asks for the scope of a rollback and pages that environment', async () => {
    const asked: string[] = [];
    const { deps, pagerduty } = setup({
      scopeOf: async (runId, stepId) => (asked.push(`${runId}/${stepId}`), { application: 'shop', environment: 'production' }),
    });
    expect(await notifyDeployFinished(rollback, facts, deps)).toEqual({ sent: 3, replayed: 0 });
    expect(asked).toEqual([`${RUN_ID}/deploy-staging`]);
    expect(pagerduty.sent[0]).toMatchObject({ dedupKey: 'jetway/shop/production', class: 'deploy-rolled-back' });
  });

  it.each(['succeeded', 'failed', 'errored'] as const)('neither asks nor sends when a deploy %s', async (outcome) => {
    const { deps, slack } = setup({ scopeOf: () => Promise.reject(new Error('must not be asked')) });
    expect(await notifyDeployFinished({ ...rollback, outcome }, facts, deps)).toEqual({ sent: 0, replayed: 0 });
    expect(slack.sent).toEqual([]);
  });

  it('passes on the lookup failure (transient when the planner does not answer)', async () => {
    const { deps, slack } = setup({ scopeOf: () => Promise.reject(new TransientError('no answer')) });
    await expect(notifyDeployFinished(rollback, facts, deps)).rejects.toBeInstanceOf(TransientError);
    expect(slack.sent).toEqual([]);
  });
});
