import { z } from 'zod';
import { CiCdSetupRequest } from './ci-setup-request.v1';
import { InfrastructureRequest } from './infrastructure-request.v1';
import { MonitoringSetupRequest } from './monitoring-setup-request.v1';
import { DeploymentRequest } from './request.v1';
import { RollbackRequest } from './rollback-request.v1';


/**
 * `jetway.pipeline.requested.v1`: one request schema per pipeline kind, told apart by `kind`.
 * Adding a kind adds a member here (and its definition in the planner's `pipelines/<kind>/`).
 */
export const PipelineRequest = z.discriminatedUnion('kind', [DeploymentRequest, CiCdSetupRequest, MonitoringSetupRequest, InfrastructureRequest, RollbackRequest]);
export type PipelineRequest = z.infer<typeof PipelineRequest>;
export type PipelineKind = PipelineRequest['kind'];
/** What a publisher writes: defaults may be left out. */
export type PipelineRequestInput = z.input<typeof PipelineRequest>;

/** The approval policy of a request: its own block, or none (a rollback is signed by who asks instead). */
export function approvalOf(request: PipelineRequest): { approvers: string[]; auto_approve: boolean } {
  return 'approval' in request ? request.approval : { approvers: [], auto_approve: false };
}
