import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError, TransientError } from '@jetway/messaging';
import { applyRefusal, partsOf, summaryOf } from './apply-infra.use-case';
import { refuseGenerateOnly } from './bundle';
import type { ReviewedPlan } from './stack-records';
import { clamp, stepOutcome } from './step-result';
import { syncWorkspace } from './workspace';

const RUN = '01HZX3K9V7Q8R2T4W6Y8A0C2EA';
const DIGEST = `sha256:${'b'.repeat(64)}`;
const plan: ReviewedPlan = {
  hash: 'c'.repeat(64),
  stack: 'shop',
  environment: 'staging',
  run_id: RUN,
  digest: DIGEST,
  planned_at: '2026-03-01T12:00:00Z',
  review: {
    hash: 'c'.repeat(64), environment: 'staging', add: 7, change: 0, destroy: 1, import: 0,
    changes: Array.from({ length: 8 }, (_, i) => ({ address: `aws_instance.n${i}`, action: i === 7 ? 'delete' : 'create' })), protected_destroys: [], configuration: [],
  },
  terraform: { root: '/data/infra/shop/staging/environments/staging', plan_file: '/data/x.tfplan', hash: 'c'.repeat(64), sentence: 'Plan: 7 to add, 0 to change, 1 to destroy.' },
};
const trigger = { plan_hash: plan.hash, stack: 'shop', environment: 'staging' as const, digest: DIGEST, run_id: RUN };

describe('applyRefusal (which trigger may apply which plan)', () => {
  it('accepts the run\'s own reviewed plan of that stack, environment and bundle', () => {
    expect(applyRefusal(plan, trigger)).toBeUndefined();
  });

  it.each([
    ['an unknown hash', undefined, trigger, `plan_hash ${'c'.repeat(64)} names no plan a plan step stored`],
    ['another environment', plan, { ...trigger, environment: 'production' as const }, 'is for shop/staging, not shop/production'],
    ['another bundle', plan, { ...trigger, digest: `sha256:${'d'.repeat(64)}` }, `planned bundle ${DIGEST}`],
    ['another run', plan, { ...trigger, run_id: '01HZX3K9V7Q8R2T4W6Y8A0C2EB' }, `was made and reviewed in run ${RUN}`],
  ])('refuses %s', (_what, stored, t, message) => {
    expect(applyRefusal(stored, t)).toContain(message);
  });

  it('names the parts in apply order and summarises the changelog entry', () => {
    expect(partsOf(plan)).toEqual(['terraform']);
    expect(partsOf({ ...plan, terraform: undefined })).toEqual([]);
    expect(summaryOf(plan)).toBe('7 added, 0 changed, 1 destroyed: create aws_instance.n0, create aws_instance.n1, create aws_instance.n2, create aws_instance.n3, create aws_instance.n4, and 3 more');
  });
});

describe('refuseGenerateOnly', () => {
  it('refuses generate-only bundles and cloud parts of tools other than Terraform; a messaging stack passes', () => {
    expect(() => refuseGenerateOnly({ tool: 'pulumi', generateOnly: true, cloud: true }, 'plan')).toThrow('the deployer refuses to plan it');
    expect(() => refuseGenerateOnly({ tool: 'crossplane', generateOnly: false, cloud: true }, 'plan')).toThrow(PermanentError);
    expect(() => refuseGenerateOnly({ tool: 'terraform', generateOnly: false, cloud: true }, 'plan')).not.toThrow();
    expect(() => refuseGenerateOnly({ tool: 'pulumi', generateOnly: false, cloud: false }, 'plan')).not.toThrow();
  });
});

describe('stepOutcome', () => {
  it('turns a permanent error into a failed result and keeps a long reason within the contract', async () => {
    const long = `start ${'x'.repeat(10_000)} the end`;
    const result = await stepOutcome(async () => {
      throw new PermanentError(long);
    });
    expect(result).toEqual({ outcome: 'failed', reason: clamp(long) });
    expect(clamp(long).length).toBeLessThanOrEqual(4000);
    expect(clamp(long)).toMatch(/^start x+\n… \(cut\) …\nx+ the end$/);
  });

  it('treats a driver error saying retryable = false as permanent, and rethrows anything else as retryable', async () => {
    const refused = Object.assign(new Error('the plan to apply is not the reviewed plan'), { retryable: false });
    expect(await stepOutcome(async () => Promise.reject(refused))).toEqual({ outcome: 'failed', reason: refused.message });
    await expect(stepOutcome(async () => Promise.reject(new Error('connection closed')))).rejects.toBeInstanceOf(TransientError);
  });
});

describe('syncWorkspace', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'infra-workspace-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the bundle, removes what an earlier bundle had, and keeps Terraform\'s own files', async () => {
    const root = join(dir, 'environments', 'staging');
    await syncWorkspace(dir, [{ path: 'environments/staging/main.tf', content: 'a' }, { path: 'environments/staging/old.tf', content: 'b' }]);
    await mkdir(join(root, '.terraform'), { recursive: true });
    for (const file of ['.terraform/marker', 'terraform.tfstate', 'terraform.tfstate.backup', 'jetway-1-ab.tfplan', '.terraform.lock.hcl']) await writeFile(join(root, file), 'kept');
    await syncWorkspace(dir, [{ path: 'environments/staging/main.tf', content: 'a2' }, { path: 'jetway-stack.json', content: '{}' }]);
    expect((await readdir(dir, { recursive: true })).sort()).toEqual(
      ['environments', 'environments/staging', 'environments/staging/.terraform', 'environments/staging/.terraform.lock.hcl', 'environments/staging/.terraform/marker',
        'environments/staging/jetway-1-ab.tfplan', 'environments/staging/main.tf', 'environments/staging/terraform.tfstate', 'environments/staging/terraform.tfstate.backup', 'jetway-stack.json'].sort(),
    );
  });
});
