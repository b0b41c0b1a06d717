import { InfrastructureRequest, type ApprovalDecided, type InfraPlanReview } from '@jetway/contracts';
import { signDecision } from '@jetway/messaging';
import { alice, bob, DIGEST, harness, RUN_ID, seedOf } from '../../testing/coordinator-harness';
import { infrastructurePipeline } from './infrastructure.definition';

const HASH = 'a'.repeat(64);
const OTHER = 'f'.repeat(64);
const request = (extra: Record<string, unknown> = {}) =>
  InfrastructureRequest.parse({
    kind: 'infrastructure',
    idempotency_key: 'shop-infra-0001',
    stack: 'shop',
    requested_by: 'alice',
    application_requirements: { compute: { type: 'containers' }, storage: { types: ['relational_database'] }, networking: { security_zones: ['public', 'private', 'data'], external_access: true } },
    cloud_provider: 'aws',
    environment_type: 'production',
    budget_constraints: { monthly_limit: 800 },
    approval: { approvers: ['alice', 'bob'] },
    ...extra,
  });
const chain = (steps: { step_id: string; kind: string; depends_on: string[] }[]) => steps.map((s) => `${s.step_id}:${s.kind}<-${s.depends_on.join(',')}`);
const plan = (environment: string, extra: Partial<InfraPlanReview> = {}) => ({
  plan: { hash: HASH, environment, add: 3, change: 0, destroy: 0, import: 0, changes: [{ address: 'module.network.aws_vpc.main', action: 'create' }], protected_destroys: [], configuration: [], ...extra },
});
const destroyDb = { destroy: 1, changes: [{ address: 'module.data.aws_db_instance.main', action: 'delete' }], protected_destroys: ['module.data.aws_db_instance.main'] };

function decide(approver: 'alice' | 'bob', extra: Partial<ApprovalDecided> = {}, stepId = 'review-staging'): ApprovalDecided {
  const unsigned: ApprovalDecided = { run_id: RUN_ID, step_id: stepId, decision: 'approved', approver, plan_hash: HASH, ...extra };
  return { ...unsigned, signature: signDecision(seedOf(approver === 'alice' ? alice : bob), unsigned) };
}

async function toReview(h: ReturnType<typeof harness>, planOutputs = plan('staging'), extra: Record<string, unknown> = {}) {
  await h.coordinator.requested(request(extra), undefined);
  h.facts.scan = 'pass';
  await h.finish('generate', { digest: DIGEST, files: [], tool: 'terraform', generate_only: false });
  await h.finish('scan', { rules_run: 24, findings: [] });
  await h.finish('plan-staging', planOutputs);
}

describe('the infrastructure pipeline definition', () => {
  it('plans generate → scan → per environment plan → review → apply → [configure] → verify, staging first', () => {
    expect(chain(infrastructurePipeline.plan(request({ configuration: { playbook: '/srv/site.yml' } })))).toEqual([
      'generate:infra-generate<-',
      'scan:infra-scan<-generate',
      'plan-staging:infra-plan<-scan',
      'review-staging:approval<-plan-staging',
      'apply-staging:infra-apply<-review-staging',
      'configure-staging:infra-configure<-apply-staging',
      'verify-staging:infra-verify<-configure-staging',
      'plan-production:infra-plan<-verify-staging',
      'review-production:approval<-plan-production',
      'apply-production:infra-apply<-review-production',
      'configure-production:infra-configure<-apply-production',
      'verify-production:infra-verify<-configure-production',
    ]);
  });

  it('stops after scan for a tool Jetway only generates, and refuses an appliable stack nobody may review', () => {
    expect(chain(infrastructurePipeline.plan(request({ iac_tool: 'pulumi' })))).toEqual(['generate:infra-generate<-', 'scan:infra-scan<-generate']);
    expect(infrastructurePipeline.check(request({ approval: { approvers: [] } }))).toMatch(/^no-apply-without-plan-review: every apply waits for a review/);
  });

  it('asks for a review with the plan, applies exactly the approved hash, then plans production only after staging verified', async () => {
    const h = harness();
    await toReview(h);
    const asked = h.published.find((e) => e.subject === 'jetway.approval.requested.v1');
    expect(asked?.payload).toMatchObject({ step_id: 'review-staging', plan: { hash: HASH, add: 3 }, required_approvals: 1, approvers: ['alice', 'bob'] });
    await h.coordinator.decided(RUN_ID, 'd1', decide('alice'));
    const apply = h.published.find((e) => e.subject === 'jetway.step.infra-apply.triggered.v1');
    expect(apply?.payload).toMatchObject({ environment: 'staging', plan_hash: HASH, digest: DIGEST, approved_by: ['alice'] });
    await h.finish('apply-staging', { plan_hash: HASH, applied: [], changelog_sequence: 1 });
    h.facts.verified = false;
    await h.finish('verify-staging', { checks: [] });
    expect(h.run().status).toBe('failed');
    expect(h.run().reason).toMatch(/no-production-without-staging: production is planned only for files staging applied and verified/);
  });

  it('refuses an approval of an older plan, or of none, and keeps waiting', async () => {
    const h = harness();
    await toReview(h);
    await h.coordinator.decided(RUN_ID, 'd1', decide('alice', { plan_hash: OTHER }));
    const { plan_hash: _omitted, ...unbound } = decide('alice');
    const { signature: _signature, ...unsignedUnbound } = unbound;
    await h.coordinator.decided(RUN_ID, 'd2', { ...unsignedUnbound, signature: signDecision(seedOf(alice), unsignedUnbound) });
    const review = h.run().steps.find((s) => s.step_id === 'review-staging');
    expect(review?.status).toBe('waiting_approval');
    expect(h.run().notes).toEqual([
      expect.stringContaining(`the decision is for plan ${OTHER.slice(0, 12)}, but review-staging reviews plan ${HASH.slice(0, 12)}: a new plan needs a new approval`),
      expect.stringContaining(`must name the plan it reviewed: --plan ${HASH}`),
    ]);
  });

  it('needs two different approvers for a plan that destroys a database', async () => {
    const h = harness();
    await toReview(h, plan('staging', destroyDb));
    expect(h.published.find((e) => e.subject === 'jetway.approval.requested.v1')?.payload).toMatchObject({ required_approvals: 2 });
    await h.coordinator.decided(RUN_ID, 'd1', decide('alice'));
    await h.coordinator.decided(RUN_ID, 'd2', decide('alice'));
    expect(h.run().steps.find((s) => s.step_id === 'review-staging')).toMatchObject({ status: 'waiting_approval', outputs: { approved_by: ['alice'], required_approvals: 2 } });
    expect(h.run().notes.join('\n')).toMatch(/alice already approved plan/);
    await h.coordinator.decided(RUN_ID, 'd3', decide('bob'));
    expect(h.run().steps.find((s) => s.step_id === 'review-staging')).toMatchObject({ status: 'finished', outcome: 'succeeded', outputs: { approved_by: ['alice', 'bob'] } });
  });

  it('lets auto_approve approve a plan that destroys nothing, never one that destroys', async () => {
    const quiet = harness();
    await toReview(quiet, plan('staging'), { approval: { approvers: ['alice'], auto_approve: true } });
    expect(quiet.run().steps.find((s) => s.step_id === 'review-staging')).toMatchObject({ status: 'finished', outcome: 'succeeded', reason: expect.stringMatching(/^approved by policy:auto/) });

    const destroying = harness();
    await toReview(destroying, plan('staging', destroyDb), { approval: { approvers: ['alice', 'bob'], auto_approve: true } });
    expect(destroying.run().steps.find((s) => s.step_id === 'review-staging')?.status).toBe('waiting_approval');
    expect(destroying.run().notes.join('\n')).toMatch(/no-apply-without-plan-review: auto_approve does not approve a plan that destroys .*aws_db_instance/);

    const nobody = harness();
    await toReview(nobody, plan('staging', destroyDb), { approval: { approvers: [], auto_approve: true } });
    expect(nobody.run()).toMatchObject({ status: 'failed', reason: expect.stringMatching(/the request names no approvers/) });
  });

  it('refuses to plan files without a passing scan', async () => {
    const h = harness();
    await h.coordinator.requested(request(), undefined);
    h.facts.scan = undefined;
    await h.finish('generate', { digest: DIGEST, files: [], tool: 'terraform', generate_only: false });
    await h.finish('scan', { rules_run: 24, findings: [] });
    expect(h.run()).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no-unscanned-artifact: .* no scan attestation/) });
  });
});
