import '../plain-errors';
import { InfrastructureRequest, infrastructureSpecOf } from './infrastructure-request.v1';

const MINIMAL = {
  kind: 'infrastructure',
  idempotency_key: 'shop-infra-0001',
  stack: 'shop',
  application_requirements: { compute: { type: 'containers' }, networking: { security_zones: ['public', 'private'], external_access: true } },
  cloud_provider: 'aws',
  environment_type: 'staging',
  budget_constraints: { monthly_limit: 500 },
};

function problems(patch: Record<string, unknown>): string[] {
  const result = InfrastructureRequest.safeParse({ ...MINIMAL, ...patch });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the infrastructure request', () => {
  it('fills the defaults: terraform, no compliance, balanced, scaling 1..3', () => {
    const request = InfrastructureRequest.parse(MINIMAL);
    expect(request).toMatchObject({ iac_tool: 'terraform', compliance_requirements: [], budget_constraints: { optimization_priority: 'balanced' } });
    expect(request.application_requirements!.compute.scaling).toEqual({ min: 1, max: 3, target_cpu_percent: 70 });
  });

  it('names an unknown provider or compliance framework, and a limit of 0', () => {
    expect(problems({ cloud_provider: 'oracle' })[0]).toMatch(/^cloud_provider: must be one of/);
    expect(problems({ cloud_provider: 'multi_cloud' })).toEqual(['cloud_provider: multi_cloud is not supported yet: run one request per provider (aws, azure, gcp)']);
    expect(problems({ compliance_requirements: ['iso27001'] })[0]).toMatch(/^compliance_requirements\.0: must be one of/);
    expect(problems({ budget_constraints: { monthly_limit: 0 } })).toEqual(['budget_constraints.monthly_limit: must be above 0 (US dollars per month)']);
  });

  it('refuses security zones that contradict external access, and an image build for containers', () => {
    const closed = { compute: { type: 'containers' }, networking: { security_zones: ['private', 'data'], external_access: true } };
    expect(problems({ application_requirements: closed })).toEqual([
      'application_requirements.networking.external_access: external access needs a public security zone, but security_zones is [private, data]: add "public" or set external_access to false',
    ]);
    expect(problems({ image_build: { template: 'image.pkr.json' } })).toEqual(['image_build: an image build (Packer) is for compute type vms, not containers']);
  });

  describe('restores (a rollback run re-applying a changelog entry)', () => {
    const restores = { environment: 'staging', sequence: 1, digest: `sha256:${'a'.repeat(64)}` };

    it('is carried into the spec the generate step is given', () => {
      const request = InfrastructureRequest.parse({ ...MINIMAL, restores: { ...restores, requested_by: 'bob' } });
      expect(request.restores).toEqual({ ...restores, requested_by: 'bob' });
      expect(infrastructureSpecOf(request).restores).toEqual({ ...restores, requested_by: 'bob' });
      expect(infrastructureSpecOf(InfrastructureRequest.parse(MINIMAL))).not.toHaveProperty('restores');
    });

    it('may restore an entry of staging in a production run (staging is applied first)', () => {
      expect(problems({ environment_type: 'production', restores })).toEqual([]);
    });

    it('refuses an entry of an environment the run does not apply', () => {
      expect(problems({ restores: { ...restores, environment: 'production' } })).toEqual([
        "restores.environment: a run of environment_type staging applies staging, so it cannot restore an entry of production: use the environment_type the entry's spec has",
      ]);
    });

    it('names a sequence below 1 and a digest that is not sha256', () => {
      expect(problems({ restores: { ...restores, sequence: 0, digest: 'abc' } })).toEqual([
        'restores.sequence: must be at least 1',
        'restores.digest: must be sha256:<64 hex digits>',
      ]);
    });
  });
});
