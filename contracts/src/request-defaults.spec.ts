import { DeploymentRequest, HealthCheck } from './pipeline/request.v1';
import { MINIMAL_REQUEST } from './samples';

describe('deployment request defaults', () => {
  const parsed = DeploymentRequest.parse(MINIMAL_REQUEST);

  it('rolls out with the rolling strategy unless told otherwise', () => {
    expect(parsed.deployment_strategy).toBe('rolling');
    expect(DeploymentRequest.parse({ ...MINIMAL_REQUEST, deployment_strategy: 'canary' }).deployment_strategy).toBe('canary');
  });

  it('fills the health check defaults', () => {
    expect(parsed.platform_config.health_check).toEqual({
      path: '/health',
      initial_delay: 0,
      interval: 0.5,
      timeout: 2,
      success_threshold: 1,
      failure_threshold: 3,
    });
  });

  it('keeps the given health check fields and defaults the rest', () => {
    const request = { ...MINIMAL_REQUEST, platform_config: { run: { command: 'node server.js' }, health_check: { path: '/ready' } } };
    expect(DeploymentRequest.parse(request).platform_config.health_check).toEqual({ ...HealthCheck.parse({}), path: '/ready' });
  });

  it('runs two local replicas on PORT', () => {
    expect(parsed.platform_config).toMatchObject({ type: 'local', replicas: 2, run: { command: 'node server.js', port_env: 'PORT', env: {} } });
  });

  it('defaults the build output, timeout and requester', () => {
    expect(parsed.build).toEqual({ command: 'npm run build', output: '.', timeout_seconds: 600 });
    expect(parsed.requested_by).toBe('unknown');
  });

  it('requires a scan failing at high severity, and no approvers or auto-approval', () => {
    expect(parsed.quality_gates).toEqual({ security_scan_required: true, fail_on_severity: 'high' });
    expect(parsed.approval).toEqual({ approvers: [], auto_approve: false });
  });

  it('gives every step a deadline and the SLO defaults', () => {
    expect(parsed.deadlines).toEqual({ build: 600, scan: 300, deploy: 300, verify: 120, monitor: 120, approval: 86_400 });
    expect(parsed.slo).toEqual({ availability: 0.995, latency_p99_ms: 500 });
  });

  it('checks out HEAD of a git source unless a version is given', () => {
    const git = DeploymentRequest.parse({ ...MINIMAL_REQUEST, artifact_source: { type: 'git', location: '/srv/repos/shop' } });
    expect(git.artifact_source).toEqual({ type: 'git', location: '/srv/repos/shop', version: 'HEAD' });
  });

  // Defaults are made per parse (`.default(() => …)`): a consumer that mutates one request's
  // defaults must not change them for every later request.
  it('does not share default objects between parses', () => {
    const other = DeploymentRequest.parse(MINIMAL_REQUEST);
    other.approval.approvers.push('mallory');
    expect(DeploymentRequest.parse(MINIMAL_REQUEST).approval.approvers).toEqual([]);
  });
});
