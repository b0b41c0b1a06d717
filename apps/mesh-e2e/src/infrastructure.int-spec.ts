import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ulid } from 'ulid';
import { InfrastructureRequest, type InfraPlanReview, type RunStatusView } from '@jetway/contracts';
import { writeNewSeed } from '@jetway/cli';
import { EventPublisher, signDecision } from '@jetway/messaging';
import { terraformStandin, waitFor, type TerraformStandin } from '@jetway/testing';
import { cliRunner } from './cli';
import { startMesh, type Mesh } from './mesh.fixture';

const FIXTURES = resolve(__dirname, '../../deployer/src/iac/terraform/fixtures');

/**
 * The infrastructure pipeline across the six services on a real nats-server: for each provider,
 * files generated, parsed and scanned, costed, planned through the Terraform stand-in (no
 * terraform or tofu installs here), held at the review gate, applied to staging and then to
 * production after signed approvals bound to the plan's hash.
 */
describe('the infrastructure pipeline across all six services (Terraform through the stand-in)', () => {
  let mesh: Mesh;
  let tf: TerraformStandin;
  const dir = mkdtempSync(join(tmpdir(), 'jetway-infra-e2e-'));
  /** The recorded plan the stand-in answers with: a test copies the plan it needs here. */
  const planJson = join(dir, 'recorded-plan.json');

  beforeAll(async () => {
    copyFileSync(join(FIXTURES, 'create.json'), planJson);
    tf = terraformStandin(dir, { planJson });
    const terraformEnv = { TF_STANDIN_PLAN_JSON: planJson, TF_STANDIN_APPLY_LOG: tf.applyLog };
    mesh = await startMesh({ env: { deployer: { JETWAY_TERRAFORM_BIN: tf.bin, JETWAY_TERRAFORM_ENV: JSON.stringify(terraformEnv) } } });
    const registry = await mesh.client.approvers();
    for (const name of ['alice', 'bob']) {
      await registry.enrol({ name, public_key: writeNewSeed(join(dir, 'approvers', `${name}.nk`)), enrolled_by: 'test', enrolled_at: new Date().toISOString() });
    }
  }, 120_000);
  afterAll(async () => {
    await mesh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = cliRunner({ nats: () => mesh.nats.url, dir });
  const request = (stack: string, extra: Record<string, unknown> = {}) =>
    InfrastructureRequest.parse({
      kind: 'infrastructure',
      idempotency_key: `e2e-infra-${ulid()}`,
      stack,
      requested_by: 'alice',
      application_requirements: {
        compute: { type: 'containers' },
        storage: { types: ['object', 'relational_database'], capacity: '100GB' },
        networking: { security_zones: ['public', 'private', 'data'], external_access: true },
      },
      cloud_provider: 'aws',
      environment_type: 'production',
      compliance_requirements: ['pci_dss'],
      budget_constraints: { monthly_limit: 5000 },
      approval: { approvers: ['alice', 'bob'] },
      ...extra,
    });
  const step = (run: RunStatusView, id: string) => run.steps.find((s) => s.step_id === id);
  /** The run once `stepId` waits for people (or the run ended). */
  const waiting = (runId: string, stepId: string) =>
    waitFor(
      async () => {
        const run = await mesh.client.status(runId);
        return (run.status !== 'running' || step(run, stepId)?.status === 'waiting_approval') && run;
      },
      { timeoutMs: 90_000, intervalMs: 150, message: `${stepId} of ${runId} to wait for a review` },
    );
  const planOf = (run: RunStatusView, environment: string) => step(run, `plan-${environment}`)?.outputs?.['plan'] as InfraPlanReview;

  it.each(['aws', 'azure', 'gcp'] as const)('%s: generates, scans and costs, waits for review, applies staging then production after approvals bound to the plan', async (provider) => {
    const stack = `shop-${provider}`;
    const before = tf.applies().length;
    const runId = await mesh.client.publishRequest(request(stack, { cloud_provider: provider }));
    let run = await waiting(runId, 'review-staging');
    expect({ status: run.status, reason: run.reason }).toEqual({ status: 'running' });
    expect(step(run, 'generate')?.outputs).toMatchObject({ tool: 'terraform', generate_only: false, files: expect.arrayContaining(['environments/staging/main.tf', 'environments/production/main.tf']) });
    const scan = step(run, 'scan')?.outputs as { rules_run: number; findings: unknown[]; cost: { monthly_usd: number; limit_usd: number } };
    expect(scan.findings).toEqual([]);
    expect(scan.rules_run).toBeGreaterThanOrEqual(20);
    expect(scan.cost.limit_usd).toBe(5000);
    expect(scan.cost.monthly_usd).toBeGreaterThan(0);
    const staging = planOf(run, 'staging');
    expect(staging).toMatchObject({ environment: 'staging', add: 1, change: 0, destroy: 0, changes: [{ address: 'aws_s3_bucket.logs', action: 'create' }], protected_destroys: [] });

    // jetway status shows the plan under review, and the approve command bound to it.
    const status = await cli(['status', runId]);
    expect(status.out).toContain(staging.hash);
    expect(status.out).toContain('aws_s3_bucket.logs');

    expect(await cli(['approve', runId, '--as', 'alice', '--plan', staging.hash])).toMatchObject({ code: 0 });
    run = await waiting(runId, 'review-production');
    expect(step(run, 'apply-staging')).toMatchObject({ outcome: 'succeeded', outputs: { plan_hash: staging.hash, already_applied: false } });
    expect(step(run, 'verify-staging')?.outcome).toBe('succeeded');
    const production = planOf(run, 'production');
    expect(production.environment).toBe('production');
    expect(await cli(['approve', runId, '--as', 'bob', '--plan', production.hash])).toMatchObject({ code: 0 });
    run = await mesh.client.watch(runId, () => undefined, 150);
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(step(run, 'apply-production')?.outputs).toMatchObject({ plan_hash: production.hash });
    // Exactly two applies, one per environment, each in its own workspace, each of the reviewed plan file.
    const applies = tf.applies().slice(before);
    expect(applies.map((a) => [a.workspace, a.sha256])).toEqual([
      ['staging', staging.hash],
      ['production', production.hash],
    ]);
  }, 180_000);

  it('refuses the approval of another plan, and needs two approvers for a plan that destroys a database', async () => {
    copyFileSync(join(FIXTURES, 'replace-database.json'), planJson);
    try {
      const runId = await mesh.client.publishRequest(request('shop-db', { environment_type: 'staging' }));
      let run = await waiting(runId, 'review-staging');
      const plan = planOf(run, 'staging');
      expect(plan.protected_destroys).toEqual([expect.stringContaining('aws_db_instance')]);
      // A decision for an older plan (signed, published by hand past the CLI's own check) changes nothing.
      const publisher = new EventPublisher(mesh.services.planner!.mesh.js, 'test');
      const stale = { run_id: runId, step_id: 'review-staging', decision: 'approved' as const, approver: 'alice', plan_hash: 'e'.repeat(64) };
      const seed = readFileSync(join(dir, 'approvers', 'alice.nk'), 'utf8');
      await publisher.publish('jetway.approval.decided.v1', { ...stale, signature: signDecision(seed, stale) }, { runId, id: `${runId}.stale` });
      run = await waitFor(async () => {
        const view = await mesh.client.status(runId);
        return (view.notes ?? []).some((n) => n.includes('a new plan needs a new approval')) && view;
      }, { timeoutMs: 10_000, message: 'the planner to refuse the approval of another plan' });
      expect(step(run, 'review-staging')?.status).toBe('waiting_approval');

      expect(await cli(['approve', runId, '--as', 'alice', '--plan', plan.hash])).toMatchObject({ code: 0 });
      run = await waitFor(async () => {
        const view = await mesh.client.status(runId);
        return (view.notes ?? []).some((n) => n.includes('1 of 2')) && view;
      }, { timeoutMs: 10_000, message: 'the first of two approvals to be counted' });
      expect(step(run, 'review-staging')).toMatchObject({ status: 'waiting_approval', outputs: { approved_by: ['alice'], required_approvals: 2 } });
      expect(await cli(['approve', runId, '--as', 'bob', '--plan', plan.hash])).toMatchObject({ code: 0 });
      run = await mesh.client.watch(runId, () => undefined, 150);
      expect(run.status).toBe('succeeded');
      expect(step(run, 'review-staging')?.outputs).toMatchObject({ approved_by: ['alice', 'bob'] });
    } finally {
      copyFileSync(join(FIXTURES, 'create.json'), planJson);
    }
  }, 120_000);

  it('fails the scan over budget naming the largest items, and plans nothing', async () => {
    const runId = await mesh.client.publishRequest(request('shop-tight', { budget_constraints: { monthly_limit: 1 } }));
    const run = await mesh.client.watch(runId, () => undefined, 150);
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^step scan failed: cost \(production\): estimated \$[\d.]+\/month is over the budget of \$1\.00: the largest items are aws_db_instance\.main \$[\d.]+ \(db\.m5\.large/);
    expect(step(run, 'plan-staging')?.status).toBe('pending');
  }, 60_000);
});
