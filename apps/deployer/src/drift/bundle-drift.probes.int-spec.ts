import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfrastructureSpec } from '@jetway/contracts';
import { packFiles, unpackFiles, writeFiles } from '@jetway/messaging';
import { terraformStandin } from '@jetway/testing';
import { KeyedQueue } from '../handlers/keyed-queue';
import { AnsibleRunner } from '../iac/ansible';
import { TerraformDriver } from '../iac/terraform';
import { INFRA_BUNDLE_FORMAT } from '../infrastructure';
import { AnsibleDriftProbe, TerraformDriftProbe, type BundleProbeDeps } from './bundle-drift.probes';
import { checkStack } from './check-stack';
import type { AppliedStack } from './drift.ports';

// The cloud and configuration parts of a drift check on an applied bundle: Terraform through the
// stand-in (recorded plans; not Terraform), ansible-playbook for real against localhost.

const FIXTURES = join(__dirname, '../iac/terraform/fixtures');
const INVENTORY = 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n';

describe('drift of a cloud stack with a configuration stage (Terraform stand-in, real ansible-playbook)', () => {
  let dir: string;
  let target: string;
  let deps: BundleProbeDeps;
  let record: AppliedStack;
  const root = () => join(dir, 'ws', 'shop', 'staging', 'environments', 'staging');
  /** What the stand-in's next plan answers: a recorded plan document (standin-plan.json in the root). */
  const recordedPlan = (name: string) => copyFile(join(FIXTURES, `${name}.json`), join(root(), 'standin-plan.json'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-drift-probes-'));
    target = join(dir, 'target');
    await mkdir(target);
    const playbook = `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: app settings\n      ansible.builtin.copy: { dest: "${target}/settings.txt", content: "replicas=3\\n", mode: "0644" }\n`;
    const manifest = { stack: 'shop', tool: 'terraform', environments: ['staging'], generate_only: false, cloud_provider: 'aws', has_messaging: false, has_configuration: true };
    const { digest, bytes } = packFiles(INFRA_BUNDLE_FORMAT, [
      { path: 'jetway-stack.json', content: JSON.stringify(manifest) },
      { path: 'environments/staging/main.tf', content: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n' },
      { path: 'ansible/playbook.yml', content: playbook },
      { path: 'ansible/inventory', content: INVENTORY },
    ]);
    const standin = terraformStandin(join(dir, 'tf'));
    const queue = new KeyedQueue();
    deps = {
      bundles: { bytes: async (wanted) => (wanted === digest ? bytes : Promise.reject(new Error(`no object ${wanted}`))) },
      workspace: (stack, environment) => join(dir, 'ws', stack, environment),
      terraform: new TerraformDriver({ env: standin.env, timeoutMs: 60_000 }),
      ansible: new AnsibleRunner({ timeoutMs: 60_000 }),
      exclusive: (stack, environment, task) => queue.run(`${stack}/${environment}`, task),
    };
    const spec = InfrastructureSpec.parse({
      stack: 'shop', requested_by: 'ana', environment_type: 'staging', compliance_requirements: [], iac_tool: 'terraform', cloud_provider: 'aws',
      budget_constraints: { monthly_limit: 500 },
      application_requirements: { compute: { type: 'vms' }, networking: { security_zones: ['private'] } },
      configuration: { playbook: 'ansible/playbook.yml' },
    });
    record = { stack: 'shop', environment: 'staging', digest, plan_hash: 'a'.repeat(64), spec, run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', applied_at: new Date().toISOString(), sequence: 1 };
    // Applied as the configure step leaves it: the bundle in the workspace, the playbook run once for real.
    const workspace = deps.workspace('shop', 'staging');
    await writeFiles(unpackFiles(INFRA_BUNDLE_FORMAT, bytes, digest), workspace);
    await deps.ansible.apply(join(workspace, 'ansible/playbook.yml'), join(workspace, 'ansible/inventory'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const probes = () => [new TerraformDriftProbe(deps), new AnsibleDriftProbe(deps)];

  it('is in sync when the plan changes nothing and the playbook in check mode would change nothing', async () => {
    await recordedPlan('no-op');
    const check = await checkStack(record, probes());
    expect(check).toMatchObject({ status: 'in_sync', detail: expect.stringContaining('terraform: No changes.') });
    expect(check).toMatchObject({ detail: expect.stringContaining('ansible: ansible-playbook --check: 0 tasks would change on 1 host') });
  });

  it('is drifted when a resource changed outside Terraform, and when a configured file was edited by hand', async () => {
    await recordedPlan('update');
    await writeFile(join(target, 'settings.txt'), 'replicas=1\n');
    const check = await checkStack(record, probes());
    expect(check).toMatchObject({ status: 'drifted', changes: [{ address: 'aws_instance.web', action: 'update' }, { address: 'ansible.localhost.app settings', action: 'change' }] });
    // Check mode changed nothing: the hand edit is still there.
    expect(await readFile(join(target, 'settings.txt'), 'utf8')).toBe('replicas=1\n');
  });

  it('is unknown, saying why, when the applied bundle cannot be read', async () => {
    const check = await checkStack({ ...record, digest: `sha256:${'f'.repeat(64)}` }, [new TerraformDriftProbe(deps)]);
    expect(check).toMatchObject({ status: 'unknown', why: expect.stringContaining(`terraform: could not check (digest: cannot read the infrastructure bundle sha256:${'f'.repeat(64)}`) });
  });
});
