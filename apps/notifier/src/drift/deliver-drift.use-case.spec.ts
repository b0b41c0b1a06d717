import type { DriftEvent } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { deliverDrift, type DriftChannel, type DriftChannels, type DriftDeps } from './deliver-drift.use-case';
import type { DriftNotice } from './drift-notice';
import { MemoryGuard } from '../testing/memory-guard';

class RecordingChannels implements DriftChannels {
  readonly sent: string[] = [];
  readonly failures = new Map<DriftChannel, Error>();
  async deliver(channel: DriftChannel, notice: DriftNotice): Promise<void> {
    const failure = this.failures.get(channel);
    this.failures.delete(channel);
    if (failure) throw failure;
    this.sent.push(`${channel} ${notice.phase} ${notice.eventId}`);
  }
}

const drift: DriftEvent = { stack: 'orders', environment: 'staging', episode: 1, applied_by_run: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', checked_at: '2026-01-01T00:00:00Z', changes: [{ address: 'aws_s3_bucket.logs', action: 'update' }] };

describe('deliverDrift', () => {
  let channels: RecordingChannels;
  let deps: DriftDeps;
  const nobody: string[] = [];
  beforeEach(() => {
    channels = new RecordingChannels();
    deps = { channels, guard: new MemoryGuard(), configured: ['slack', 'pagerduty'], reachedNobody: (line) => nobody.push(line) };
  });

  it('sends one Slack message and one PagerDuty trigger per episode, nothing for a repeat of the same event', async () => {
    expect(await deliverDrift(drift, 'detected', 't', deps)).toEqual({ sent: 2, replayed: 0 });
    expect(await deliverDrift(drift, 'detected', 't', deps)).toEqual({ sent: 0, replayed: 2 });
    expect(await deliverDrift(drift, 'resolved', 't', deps)).toEqual({ sent: 2, replayed: 0 });
    expect(channels.sent).toEqual([
      'slack detected drift-orders-staging-1-detected', 'pagerduty detected drift-orders-staging-1-detected',
      'slack resolved drift-orders-staging-1-resolved', 'pagerduty resolved drift-orders-staging-1-resolved',
    ]);
  });

  it('retries only the channel that failed, and says which (transient keeps the Retry-After)', async () => {
    channels.failures.set('pagerduty', new TransientError('PagerDuty answered 429', { retryAfterMs: 2000 }));
    const failure = await deliverDrift(drift, 'detected', 't', deps).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TransientError);
    expect((failure as TransientError).message).toBe('1 of 2 drift notices failed: pagerduty: PagerDuty answered 429');
    expect((failure as TransientError).retryAfterMs).toBe(2000);
    expect(await deliverDrift(drift, 'detected', 't', deps)).toEqual({ sent: 1, replayed: 1 });
    expect(channels.sent).toEqual(['slack detected drift-orders-staging-1-detected', 'pagerduty detected drift-orders-staging-1-detected']);
  });

  it('is permanent when every failure is', async () => {
    channels.failures.set('slack', new PermanentError('Slack answered 404 no_service'));
    await expect(deliverDrift(drift, 'detected', 't', { ...deps, configured: ['slack'] })).rejects.toBeInstanceOf(PermanentError);
  });

  it('says in one line that a drift reached nobody when no channel is configured', async () => {
    expect(await deliverDrift(drift, 'detected', 't', { ...deps, configured: [] })).toEqual({ sent: 0, replayed: 0 });
    expect(nobody).toEqual([expect.stringContaining('drift notice reached nobody')]);
  });
});
