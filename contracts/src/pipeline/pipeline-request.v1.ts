import { z } from 'zod';
import { CiCdSetupRequest } from './ci-setup-request.v1';
import { MonitoringSetupRequest } from './monitoring-setup-request.v1';
import { DeploymentRequest } from './request.v1';
import { RollbackRequest } from './rollback-request.v1';

/** The spec's pipeline kinds that are part of the design but not of the mesh yet. */
const LATER_KINDS = ['infrastructure'];

function kindError(issue: { input?: unknown; discriminator?: string }): string | undefined {
  const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
  if (typeof kind === 'string' && LATER_KINDS.includes(kind)) {
    return `${kind} pipelines are not available yet: Jetway runs kind "deployment", "ci_cd_setup", "monitoring_setup" and "rollback" today (README: what does not work yet)`;
  }
  return undefined;
}

/**
 * `jetway.pipeline.requested.v1`: one request schema per pipeline kind, told apart by `kind`.
 * Adding a kind adds a member here (and its definition in the planner's `pipelines/<kind>/`).
 */
export const PipelineRequest = z.discriminatedUnion('kind', [DeploymentRequest, CiCdSetupRequest, MonitoringSetupRequest, RollbackRequest], { error: kindError });
export type PipelineRequest = z.infer<typeof PipelineRequest>;
export type PipelineKind = PipelineRequest['kind'];
/** What a publisher writes: defaults may be left out. */
export type PipelineRequestInput = z.input<typeof PipelineRequest>;

/** The approval policy of a request: its own block, or none (a rollback is signed by who asks instead). */
export function approvalOf(request: PipelineRequest): { approvers: string[]; auto_approve: boolean } {
  return 'approval' in request ? request.approval : { approvers: [], auto_approve: false };
}
