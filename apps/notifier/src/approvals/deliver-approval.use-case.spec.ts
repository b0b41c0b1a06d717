import { ApprovalRequested } from '@jetway/contracts';
import { TransientError } from '@jetway/messaging';
import type { ApprovalNotice } from './approval-notice';
import { deliverApproval, type ApprovalDeps, type ApprovalSlack } from './deliver-approval.use-case';
import { MemoryGuard } from '../testing/memory-guard';

class RecordingSlack implements ApprovalSlack {
  readonly posted: string[] = [];
  failure: Error | undefined;
  async post(notice: ApprovalNotice): Promise<void> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    this.posted.push(notice.eventId);
  }
}

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const request = ApprovalRequested.parse({ run_id: RUN, step_id: 'approve-production', application: 'shop', environment: 'production', digest: `sha256:${'b'.repeat(64)}`, approvers: ['alice'] });

describe('deliverApproval', () => {
  let slack: RecordingSlack;
  let deps: ApprovalDeps;
  const logged: string[] = [];
  beforeEach(() => {
    slack = new RecordingSlack();
    deps = { slack, guard: new MemoryGuard(), reachedNobody: (line) => logged.push(line) };
  });

  it('posts once per request; a copy of it posts nothing, another step posts again', async () => {
    expect(await deliverApproval(request, 't', deps)).toBe('sent');
    expect(await deliverApproval(request, 't2', deps)).toBe('replayed');
    expect(await deliverApproval({ ...request, step_id: 'approve-dr' }, 't', deps)).toBe('sent');
    expect(slack.posted).toEqual([`approval-${RUN}-approve-production-${request.digest}`, `approval-${RUN}-approve-dr-${request.digest}`]);
  });

  it('lets a failed post retry (the failure as it came), and posts it then', async () => {
    slack.failure = new TransientError('Slack answered 429', { retryAfterMs: 1000 });
    await expect(deliverApproval(request, 't', deps)).rejects.toBeInstanceOf(TransientError);
    expect(await deliverApproval(request, 't', deps)).toBe('sent');
    expect(slack.posted).toHaveLength(1);
  });

  it('says in one line that a request reached nobody when the notifier has no Slack webhook', async () => {
    expect(await deliverApproval(request, 't', { ...deps, slack: undefined })).toBe('nobody');
    expect(logged).toEqual([expect.stringContaining('approval notice reached nobody')]);
  });
});
