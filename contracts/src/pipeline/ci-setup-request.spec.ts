import { MINIMAL_CI_SETUP_REQUEST } from '../samples';
import { defaultDeadlineOf, ownerOf } from '../step/kinds';
import { applicationOf, CiCdSetupRequest, platformsOf } from './ci-setup-request.v1';
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
});
