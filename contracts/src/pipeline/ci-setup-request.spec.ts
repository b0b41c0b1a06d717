import { MINIMAL_CI_SETUP_REQUEST } from '../samples';
import { defaultDeadlineOf, ownerOf } from '../step/kinds';
import { parseWith } from '../validation';
import { applicationOf, CiCdSetupRequest, ciInfrastructureOf, platformsOf } from './ci-setup-request.v1';
import { PipelineRequest } from './pipeline-request.v1';

describe('the CI/CD setup request', () => {
  const parsed = CiCdSetupRequest.parse(MINIMAL_CI_SETUP_REQUEST);

  it('fills the spec’s defaults: 80 % coverage, scan required, github_flow, no targets, the kinds’ deadlines', () => {
    expect(parsed.quality_gates).toEqual({ test_coverage_threshold: 80, security_scan_required: true, performance_benchmarks: false, fail_on_severity: 'high' });
    expect(parsed.branching_strategy).toBe('github_flow');
    expect(parsed.deployment_targets).toEqual([]);
    expect(parsed.deadlines).toEqual({ analyze: 120, generate: 120, scan: 300, validate: 300, prove: 1800, publish: 120, approval: 86_400 });
    expect(parsed.deadlines.prove).toBe(defaultDeadlineOf('prove'));
  });

  it('takes one platform or several, without repeats', () => {
    expect(platformsOf({ ci_platform: 'jenkins' })).toEqual(['jenkins']);
    expect(platformsOf({ ci_platform: ['circleci', 'jenkins', 'circleci'] })).toEqual(['circleci', 'jenkins']);
  });

  it('names the run after the project directory unless told', () => {
    expect(applicationOf({ project_path: '/home/me/My_Shop.v2/' })).toBe('my-shop-v2');
    expect(applicationOf({ project_path: '/x/123' })).toBe('project');
    expect(applicationOf({ project_path: '/x/y', application_name: 'shop' })).toBe('shop');
  });

  it('is a member of the pipeline request union, told apart by kind', () => {
    expect(PipelineRequest.parse(MINIMAL_CI_SETUP_REQUEST).kind).toBe('ci_cd_setup');
    expect(ownerOf('publish')).toBe('builder');
    expect(ownerOf('validate')).toBe('scanner');
    expect(ownerOf('approval')).toBe('approvers');
  });

  describe('the infrastructure block (the seed’s generate_infrastructure_code)', () => {
    const targets = [
      { environment: 'production', platform: 'kubernetes' },
      { environment: 'staging', platform: 'kubernetes' },
    ];
    const withBlock = (infrastructure: Record<string, unknown>, extra: Record<string, unknown> = { deployment_targets: targets }) =>
      parseWith(CiCdSetupRequest, { ...MINIMAL_CI_SETUP_REQUEST, requested_by: 'alice', ...extra, infrastructure });

    it('is absent unless asked for: nothing to generate', () => {
      expect(parsed.infrastructure).toBeUndefined();
      expect(ciInfrastructureOf(parsed)).toBeUndefined();
    });

    it('defaults to two runners, 30 days of artifacts, a registry, and the deployment targets’ environments in promotion order', () => {
      const result = withBlock({ cloud_provider: 'aws' });
      if (!result.ok) throw new Error(result.error);
      expect(result.data.infrastructure).toEqual({ cloud_provider: 'aws', ci_runners: { count: 2 }, artifact_storage: { retention_days: 30 }, container_registries: true });
      expect(ciInfrastructureOf(result.data)).toEqual({
        cloud_provider: 'aws', ci_runners: { count: 2 }, artifact_storage: { retention_days: 30 }, container_registries: true, deployment_environments: ['staging', 'production'], owner: 'alice',
      });
    });

    it('takes its own environments over the targets’, ordered and without repeats', () => {
      const result = withBlock({ cloud_provider: 'gcp', deployment_environments: ['production', 'development', 'production'], ci_runners: { count: 4, instance_type: 'n2-standard-4' }, container_registries: false });
      if (!result.ok) throw new Error(result.error);
      expect(ciInfrastructureOf(result.data)).toMatchObject({ deployment_environments: ['development', 'production'], ci_runners: { count: 4, instance_type: 'n2-standard-4' }, container_registries: false });
    });

    it.each([
      [{ cloud_provider: 'aws' }, {}, 'infrastructure.deployment_environments: name the environments to provision (development, staging, production), or add deployment_targets: their environments are the default'],
      [{ cloud_provider: 'oracle' }, undefined, 'infrastructure.cloud_provider: must be one of "aws", "azure", "gcp"'],
      [{ cloud_provider: 'multi_cloud' }, undefined, 'infrastructure.cloud_provider: multi_cloud is not supported yet: run one request per provider (aws, azure, gcp)'],
      [{ cloud_provider: 'aws', ci_runners: { count: 0 } }, undefined, 'infrastructure.ci_runners.count: run at least one runner'],
      [{ cloud_provider: 'aws', artifact_storage: { retention_days: 0 } }, undefined, 'infrastructure.artifact_storage.retention_days: keep artifacts at least 1 day'],
      [{ cloud_provider: 'aws', deployment_environments: [] }, undefined, 'infrastructure.deployment_environments: name at least one environment, or leave the field out to take those of deployment_targets'],
      [{ cloud_provider: 'aws', deployment_environments: ['qa'] }, undefined, 'infrastructure.deployment_environments.0: must be one of "development", "staging", "production"'],
    ])('refuses %j naming the field and the fix', (block, extra, error) => {
      expect(withBlock(block, extra)).toEqual({ ok: false, error });
    });
  });
});
