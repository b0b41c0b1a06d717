import { sampleRequest } from '../../testing/sample-request';
import { checkDeployGate, checkRequest } from './policy';
import type { StepState } from '../../domain/run-state';

const digest = `sha256:${'a'.repeat(64)}`;
const step = (environment: 'staging' | 'production'): StepState => ({
  step_id: `deploy-${environment}`,
  kind: 'deploy',
  environment,
  depends_on: [],
  deadline_seconds: 60,
  status: 'pending',
  attempt: 1,
});

describe('request policy', () => {
  it('allows a staged, scanned, approved request', () => {
    expect(checkRequest(sampleRequest())).toBeUndefined();
  });
  it('refuses production without staging, naming the policy', () => {
    expect(checkRequest(sampleRequest({ target_environments: ['production'] }))).toMatch(/^policy no-production-without-staging:/);
  });
  it('refuses to skip the scan', () => {
    expect(checkRequest(sampleRequest({ quality_gates: { security_scan_required: false } }))).toMatch(/^policy no-unscanned-artifact:/);
  });
  it('refuses what no driver runs yet before anything runs, in plain words', () => {
    expect(checkRequest(sampleRequest({ platform_config: { type: 'kubernetes', run: { command: 'x' } } }))).toBe(
      'not available yet: platform_config.type: kubernetes is not available yet; local (processes on this machine) is the only platform with a driver',
    );
    expect(checkRequest(sampleRequest({ deployment_strategy: 'canary' }))).toBeUndefined();
  });

  it('refuses production with nobody to approve it', () => {
    expect(checkRequest(sampleRequest({ approval: { approvers: [] } }))).toMatch(/^policy production-needs-approval:/);
  });
});

describe('deploy gate', () => {
  it('refuses a digest without a passing scan attestation', () => {
    expect(checkDeployGate(step('staging'), digest, { scanVerdict: undefined, stagingVerified: false })).toMatch(/no scan attestation/);
    expect(checkDeployGate(step('staging'), digest, { scanVerdict: 'fail', stagingVerified: false })).toMatch(/its scan failed/);
  });
  it('refuses production until staging verified the same digest', () => {
    expect(checkDeployGate(step('production'), digest, { scanVerdict: 'pass', stagingVerified: false })).toMatch(/staging has not verified/);
    expect(checkDeployGate(step('production'), digest, { scanVerdict: 'pass', stagingVerified: true })).toBeUndefined();
  });
});
