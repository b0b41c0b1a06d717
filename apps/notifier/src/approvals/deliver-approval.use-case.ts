import type { ApprovalRequested } from '@jetway/contracts';
import { idempotencyKeyFor, type EffectGuard } from '../use-cases';
import { approvalEventIdOf, type ApprovalNotice } from './approval-notice';

/**
 * Posts one approval notice to the notifier's Slack webhook. Resolves once Slack accepted it;
 * rejects with `TransientError` when a retry may help, `PermanentError` when not. Does not
 * deduplicate: the caller claims the notice first.
 */
export interface ApprovalSlack {
  post(notice: ApprovalNotice): Promise<void>;
}

export interface ApprovalDeps {
  /** The notifier's Slack webhook; undefined when JETWAY_SLACK_WEBHOOK_URL is not set. */
  readonly slack: ApprovalSlack | undefined;
  readonly guard: EffectGuard;
  /** Told of a request no channel takes: one line, as an unconfigured run notification is logged. */
  readonly reachedNobody: (line: string, fields: Record<string, unknown>) => void;
}

export type ApprovalDelivery = 'sent' | 'replayed' | 'nobody';

/**
 * A run waits for a human decision: one Slack message saying what waits for whom (and, for an
 * infrastructure review, the plan), at most once per request. The claim is keyed by (run, step,
 * plan hash or digest): a redelivery or a republished copy finds it done and posts nothing; a
 * failed post releases it, so the retry posts. A failure propagates as it came (transient or
 * permanent): the transport retries or dead-letters this message only.
 */
export async function deliverApproval(request: ApprovalRequested, time: string, deps: ApprovalDeps): Promise<ApprovalDelivery> {
  const notice: ApprovalNotice = { request, eventId: approvalEventIdOf(request), time };
  const { slack } = deps;
  if (!slack) {
    deps.reachedNobody('approval notice reached nobody: the notifier has no Slack webhook (set JETWAY_SLACK_WEBHOOK_URL)', {
      configured: false, run_id: request.run_id, step_id: request.step_id, application: request.application, environment: request.environment, approvers: request.approvers,
      ...(request.plan && { plan_hash: request.plan.hash }),
    });
    return 'nobody';
  }
  const key = idempotencyKeyFor(notice.eventId, 'approval', 'slack');
  const { replayed } = await deps.guard.once(key, () => slack.post(notice).then(() => true));
  return replayed ? 'replayed' : 'sent';
}
