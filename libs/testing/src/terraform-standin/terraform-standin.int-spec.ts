import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformStandin, type TerraformStandin } from './terraform-standin';

const createPlan = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  resource_changes: [
    { address: 'aws_s3_bucket.logs', mode: 'managed', type: 'aws_s3_bucket', name: 'logs', change: { actions: ['create'], before: null, after: {} } },
    { address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', change: { actions: ['no-op'], before: {}, after: {} } },
  ],
};
const noChangePlan = { format_version: '1.2', resource_changes: [createPlan.resource_changes[1]] };

describe('terraform stand-in (speaks the documented CLI from recorded plans; not Terraform)', () => {
  let dir: string;
  let work: string;
  let tf: TerraformStandin;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tf-standin-'));
    work = mkdtempSync(join(dir, 'work-'));
    tf = terraformStandin(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `terraform …` by name, found on the stand-in's PATH, in the working directory. */
  function terraform(...args: string[]) {
    const run = spawnSync('terraform', args, { cwd: work, env: tf.env, encoding: 'utf8', timeout: 20_000 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('is found on PATH and answers version -json', () => {
    const run = terraform('version', '-json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expect.objectContaining({ terraform_version: '1.9.8', platform: 'linux_amd64' }));
    expect(run.stderr).toBe('');
  });

  it('plans only after init, with detailed exit codes 2 (changes) and 0 (none)', () => {
    writeFileSync(join(work, 'standin-plan.json'), JSON.stringify(createPlan));
    const early = terraform('plan', '-input=false', '-no-color', '-out=tfplan');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('Backend initialization required, please run "terraform init"');

    expect(terraform('init', '-input=false', '-no-color').code).toBe(0);
    const changes = terraform('plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=tfplan');
    expect(changes.code).toBe(2);
    expect(changes.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');

    writeFileSync(join(work, 'standin-plan.json'), JSON.stringify(noChangePlan));
    const none = terraform('plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=tfplan');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No changes.');
  });

  it('shows the saved plan as the recorded JSON, stamped with its time', () => {
    writeFileSync(join(work, 'standin-plan.json'), JSON.stringify(createPlan));
    terraform('init', '-input=false');
    terraform('plan', '-input=false', '-out=tfplan');
    const shown = terraform('show', '-json', 'tfplan');
    expect(shown.code).toBe(0);
    const json = JSON.parse(shown.stdout) as Record<string, unknown>;
    expect(json['resource_changes']).toEqual(createPlan.resource_changes);
    expect(json['timestamp']).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it('applies a saved plan once, records it, and refuses it again or once edited: "Saved plan is stale"', () => {
    tf = terraformStandin(dir, { planJson: join(work, 'recorded.json') });
    writeFileSync(join(work, 'recorded.json'), JSON.stringify(createPlan));
    terraform('init', '-input=false');
    expect(terraform('plan', '-input=false', '-out=first').code).toBe(0);
    expect(terraform('plan', '-input=false', '-out=second').code).toBe(0);

    const edited = readFileSync(join(work, 'second'), 'utf8').replace('aws_s3_bucket.logs', 'aws_s3_bucket.other');
    writeFileSync(join(work, 'second'), edited);
    const tampered = terraform('apply', '-input=false', '-no-color', 'second');
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('Saved plan is stale');

    const applied = terraform('apply', '-input=false', '-no-color', 'first');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    expect(tf.applies()).toEqual([expect.objectContaining({ planFile: join(work, 'first'), serial: 1, addresses: ['aws_s3_bucket.logs'] })]);

    const again = terraform('apply', '-input=false', '-no-color', 'first');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Saved plan is stale');
    expect(tf.applies()).toHaveLength(1);
  });

  it('refuses flags Terraform does not define and says when there is no recorded plan', () => {
    expect(terraform('plan', '-bogus').stderr).toContain('flag provided but not defined: -bogus');
    terraform('init');
    const none = terraform('plan', '-out=tfplan');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no recorded plan to answer with: set TF_STANDIN_PLAN_JSON or put standin-plan.json in');
  });
});
