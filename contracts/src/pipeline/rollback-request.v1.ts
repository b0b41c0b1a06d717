import { z } from 'zod';
import { AppName, Digest, Environment } from '../common';
import { deadlinesFor } from '../step/deadlines';
import { NotificationPolicy } from './inputs';

/**
 * A rollback, as a run of its own (events, trace, notifications): (application, environment)
 * serves its previous release again — or the release of `to_digest`, one of its recorded earlier
 * releases. Signed by the operator who asks (`jetway rollback` signs with their enrolled key);
 * the planner checks the signature and that the operator may approve that application.
 */
export const RollbackRequest = z.object({
  kind: z.literal('rollback'),
  idempotency_key: z.string().min(8, 'use at least 8 characters').max(200),
  requested_by: z.string().min(1).default('unknown'),
  application_name: AppName,
  environment: Environment,
  to_digest: Digest.optional(),
  reason: z.string().max(2000).optional(),
  /** Who asks, and their signature over `rollbackSigningText` (required: a rollback changes traffic). */
  approver: z.string().min(1, 'say who asks (--as <name>)'),
  signature: z.string().min(1).optional(),
  notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
  deadlines: deadlinesFor(['rollback', 'verify']),
});
export type RollbackRequest = z.infer<typeof RollbackRequest>;

/** The exact bytes the operator signs. */
export function rollbackSigningText(request: Pick<RollbackRequest, 'idempotency_key' | 'application_name' | 'environment' | 'to_digest' | 'approver' | 'reason'>): string {
  return ['jetway.rollback', request.idempotency_key, request.application_name, request.environment, request.to_digest ?? '', request.approver, request.reason ?? ''].join('\n');
}
