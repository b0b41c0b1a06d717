import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformStandin, type TerraformStandin } from '@jetway/testing';
import { planSummary } from './plan-summary';
import { PlanHashMismatchError, TerraformCommandError, TerraformMissingError, TerraformTimeoutError } from './terraform-errors';
import { TerraformDriver } from './terraform.driver';

// Terraform does not install here: these run the driver against libs/testing's stand-in, which speaks
// the documented CLI (version, init, plan -out, show -json, apply) from the recorded plans in ./fixtures.

const fixture = (name: string) => join(__dirname, 'fixtures', `${name}.json`);

describe('TerraformDriver against the terraform stand-in', () => {
  let dir: string;
  let work: string;
  let tf: TerraformStandin;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tf-driver-'));
    work = join(dir, 'stack');
    mkdirSync(work);
    tf = terraformStandin(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Records `name` as the plan the stand-in answers with in `work`. */
  function record(name: string): void {
    copyFileSync(fixture(name), join(work, 'standin-plan.json'));
  }

  it('finds terraform on PATH and reads its version', async () => {
    expect(await new TerraformDriver({ env: tf.env }).version()).toBe('1.9.8');
  });

  it('plans: init, plan -out, show -json, and the summary counts as Terraform does', async () => {
    record('replace-database');
    const plan = await new TerraformDriver({ env: tf.env }).plan(work);
    expect(plan.summary.sentence).toBe('Plan: 1 to add, 1 to change, 1 to destroy.');
    expect(plan.summary.resources.filter((r) => r.replace).map((r) => r.address)).toEqual(['module.data.aws_db_instance.main']);
    expect(plan.planFile.startsWith(work)).toBe(true);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    // The stand-in stamps each plan with its time; the content hash leaves it out.
    expect(plan.summary.hash).toBe(planSummary(JSON.parse(readFileSync(fixture('replace-database'), 'utf8'))).hash);
    expect(tf.applies()).toEqual([]);
  });

  it('plans a no-change stack as "No changes." (plan -detailed-exitcode 0)', async () => {
    record('no-op');
    const plan = await new TerraformDriver({ env: tf.env }).plan(work);
    expect(plan.summary.hasChanges).toBe(false);
    expect(plan.summary.sentence).toBe('No changes. Your infrastructure matches the configuration.');
  });

  it('applies the reviewed plan file once when its hash matches', async () => {
    record('create');
    const driver = new TerraformDriver({ env: tf.env });
    const plan = await driver.plan(work);
    const result = await driver.apply(work, plan.planFile, plan.hash);
    expect(result.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect(tf.applies()).toEqual([expect.objectContaining({ planFile: plan.planFile, sha256: plan.hash, addresses: ['aws_s3_bucket.logs'] })]);
  });

  it('refuses a plan whose hash is not the approved one before running anything, naming both hashes', async () => {
    record('create');
    const driver = new TerraformDriver({ env: tf.env });
    const approved = await driver.plan(work);
    const newer = await driver.plan(work);
    expect(newer.hash).not.toBe(approved.hash);

    const refused = driver.apply(work, newer.planFile, approved.hash);
    await expect(refused).rejects.toThrow(PlanHashMismatchError);
    await expect(refused).rejects.toThrow(`has hash ${newer.hash} but the approved plan has hash ${approved.hash}`);

    writeFileSync(approved.planFile, '{"edited":true}');
    await expect(driver.apply(work, approved.planFile, approved.hash)).rejects.toThrow(/nothing was applied/);
    await expect(driver.apply(work, join(work, 'gone.tfplan'), approved.hash)).rejects.toThrow(/gone\.tfplan is missing/);
    expect(tf.applies()).toEqual([]);
  });

  it('a second apply of the same plan is refused by Terraform ("Saved plan is stale") and applies nothing', async () => {
    record('update');
    const driver = new TerraformDriver({ env: tf.env });
    const plan = await driver.plan(work);
    await driver.apply(work, plan.planFile, plan.hash);
    const again = driver.apply(work, plan.planFile, plan.hash);
    await expect(again).rejects.toThrow(TerraformCommandError);
    await expect(again).rejects.toThrow(/apply -input=false -no-color .* failed \(exit 1\): Error: Saved plan is stale/);
    expect(tf.applies()).toHaveLength(1);
  });

  it('says "terraform (or tofu) is not on PATH" when neither is', async () => {
    const driver = new TerraformDriver({ env: { PATH: join(dir, 'empty') } });
    await expect(driver.plan(work)).rejects.toThrow(TerraformMissingError);
    await expect(driver.plan(work)).rejects.toThrow(`terraform (or tofu) is not on PATH: looked in ${join(dir, 'empty')}`);
    await expect(new TerraformDriver({ env: tf.env, binary: join(dir, 'nope', 'terraform') }).version()).rejects.toThrow(/is not on PATH/);
  });

  it('finds tofu when terraform is absent', async () => {
    const tofu = terraformStandin(join(dir, 'tofu'), { name: 'tofu', planJson: fixture('delete') });
    const plan = await new TerraformDriver({ env: { ...tofu.env, PATH: join(dir, 'tofu', 'bin') } }).plan(work);
    expect(plan.summary.sentence).toBe('Plan: 0 to add, 0 to change, 2 to destroy.');
  });

  it("puts the command's stderr in the error when it fails", async () => {
    record('create');
    const driver = new TerraformDriver({ env: { ...tf.env, TF_STANDIN_FAIL: 'plan' } });
    await expect(driver.plan(work)).rejects.toThrow(/terraform plan -input=false -no-color -detailed-exitcode -out=.* failed \(exit 1\): Error: stand-in failure injected for "plan"/);
    expect(readdirSync(work).filter((f) => f.endsWith('.tfplan'))).toEqual([]);
  });

  it('stops a command that hangs at its timeout', async () => {
    record('create');
    const driver = new TerraformDriver({ env: { ...tf.env, TF_STANDIN_HANG: 'init' }, timeoutMs: 1_500 });
    const started = Date.now();
    await expect(driver.plan(work)).rejects.toThrow(TerraformTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
