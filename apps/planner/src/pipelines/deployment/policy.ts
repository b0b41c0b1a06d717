import { notAvailableYet, type DeploymentRequest, type Digest } from '@jetway/contracts';
import { POLICIES } from '../../domain/policy';
import type { StepState } from '../../domain/run-state';

/** Checks a request before anything runs; returns the refusal, or undefined when allowed. */
export function checkRequest(request: DeploymentRequest): string | undefined {
  const unavailable = notAvailableYet(request);
  if (unavailable.length > 0) return `not available yet: ${unavailable.join('; ')}`;
  const envs = request.target_environments;
  if (envs.includes('production') && !envs.includes('staging')) {
    return `policy ${POLICIES.noProdWithoutStaging}: production needs a verified staging deploy of the same digest; add staging to target_environments`;
  }
  if (!request.quality_gates.security_scan_required) {
    return `policy ${POLICIES.noUnscannedArtifact}: quality_gates.security_scan_required cannot be false; every artifact is scanned before it is deployed`;
  }
  if (envs.includes('production') && request.approval.approvers.length === 0 && !request.approval.auto_approve) {
    return `policy ${POLICIES.productionApproval}: name who may approve production in approval.approvers (or set approval.auto_approve: true)`;
  }
  return undefined;
}

/** Facts the gate of a deploy step reads: attestations, never claims in a payload. */
export interface GateFacts {
  scanVerdict: 'pass' | 'fail' | undefined;
  stagingVerified: boolean;
}

/** May this deploy step run with this digest? The refusal names the policy. */
export function checkDeployGate(step: StepState, digest: Digest | undefined, facts: GateFacts): string | undefined {
  if (!digest) return `policy ${POLICIES.noUnscannedArtifact}: no artifact digest to deploy`;
  if (facts.scanVerdict !== 'pass') {
    const why = facts.scanVerdict === 'fail' ? 'its scan failed' : 'it has no scan attestation';
    return `policy ${POLICIES.noUnscannedArtifact}: refusing to deploy ${digest} to ${step.environment}: ${why}`;
  }
  if (step.environment === 'production' && !facts.stagingVerified) {
    return `policy ${POLICIES.noProdWithoutStaging}: refusing to deploy ${digest} to production: staging has not verified this digest`;
  }
  return undefined;
}

