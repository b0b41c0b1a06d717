import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraGenerateFinished } from '@jetway/contracts';
import { TransientError, unpackFiles, type BundleFile } from '@jetway/messaging';
import { generateInfrastructure } from './generate-infrastructure.use-case';
import { INFRA_BUNDLE_FORMAT, InfraGenerateError, type InfraBundleStore } from './infra-bundle';
import { cloudSpec, infraSpec, infraTrigger, ORDERS_MESSAGING } from './infra-spec.testing';
import { runRoots } from './stack-files';

/** The Object Store's contract as the use case sees it, in memory: bytes by digest. */
class MemoryBundleStore implements InfraBundleStore {
  readonly objects = new Map<string, Buffer>();
  async put(digest: string, bytes: Buffer): Promise<void> {
    this.objects.set(digest, bytes);
  }
  files(digest: string): Map<string, string> {
    const bytes = this.objects.get(digest);
    if (!bytes) throw new Error(`nothing stored under ${digest}`);
    return new Map(unpackFiles(INFRA_BUNDLE_FORMAT, bytes, digest).map((f) => [f.path, f.content]));
  }
}

const MODULES = ['modules/compute/main.tf', 'modules/data/main.tf', 'modules/network/main.tf', 'modules/observability/main.tf', 'modules/security/main.tf'];
const root = (env: string) => [`environments/${env}/main.tf`, `environments/${env}/terraform.tfvars`];

describe('generateInfrastructure', () => {
  let store: MemoryBundleStore;
  let dir: string;
  beforeEach(async () => {
    store = new MemoryBundleStore();
    dir = await mkdtemp(join(tmpdir(), 'jetway-infra-generate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const generate = (spec = infraSpec()) => generateInfrastructure(infraTrigger(spec), { store, workingDir: dir });

  it('stores one bundle of Terraform (modules, the run’s roots), Packer and the baseline playbook for VMs, and says what it holds', async () => {
    const outputs = await generate();
    expect(InfraGenerateFinished.shape.outputs.parse(outputs)).toEqual(outputs);
    expect(outputs).toEqual({
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      files: ['ansible/playbook.yml', ...root('production'), ...root('staging'), 'jetway-stack.json', ...MODULES, 'packer/image.pkr.json'],
      tool: 'terraform',
      generate_only: false,
    });
    const files = store.files(outputs.digest);
    expect([...files.keys()].sort()).toEqual(outputs.files);
    expect(JSON.parse(files.get('jetway-stack.json') ?? '')).toEqual({
      stack: 'shop',
      tool: 'terraform',
      environments: ['staging', 'production'],
      generate_only: false,
      cloud_provider: 'aws',
      has_messaging: false,
      has_configuration: false,
    });
    expect(files.get('environments/production/terraform.tfvars')).toContain('multi_az = true');
  });

  it('gives the same digest for the same spec, and another for another spec', async () => {
    const first = await generate();
    const second = await generate();
    expect(second.digest).toBe(first.digest);
    const other = await generate(infraSpec({ stack: 'billing' }));
    expect(other.digest).not.toBe(first.digest);
    expect(store.objects.size).toBe(2);
  });

  it.each([
    ['staging', ['staging']],
    ['development', ['development']],
    ['dr', ['staging', 'dr']],
  ] as const)('writes the roots of a %s run only', async (environmentType, environments) => {
    const outputs = await generate(infraSpec({ environment_type: environmentType }));
    expect(outputs.files.filter((path) => path.startsWith('environments/'))).toEqual([...environments].sort().flatMap(root));
    expect(JSON.parse(store.files(outputs.digest).get('jetway-stack.json') ?? '').environments).toEqual(environments);
  });

  it('writes neither Packer nor Ansible for containers, and Packer when an image build is asked for', async () => {
    const containers = await generate(infraSpec({}, 'containers'));
    expect(containers.files.some((path) => path.startsWith('packer/') || path.startsWith('ansible/'))).toBe(false);
    const image = await generate(infraSpec({ image_build: { template: 'image.pkr.json' } }));
    expect(image.files).toContain('packer/image.pkr.json');
  });

  it('a messaging-only stack: the manifest and the declaration as parsed, no Terraform', async () => {
    const spec = infraSpec({ application_requirements: undefined, cloud_provider: undefined, budget_constraints: undefined, environment_type: 'staging', messaging: ORDERS_MESSAGING });
    const outputs = await generate(spec);
    expect(outputs).toMatchObject({ files: ['jetway-stack.json', 'messaging/declaration.json'], tool: 'terraform', generate_only: false });
    const files = store.files(outputs.digest);
    expect(files.get('messaging/declaration.json')).toBe(`${JSON.stringify(spec.messaging, null, 2)}\n`);
    expect(JSON.parse(files.get('messaging/declaration.json') ?? '')).toMatchObject({ managed_prefix: 'orders', streams: [{ name: 'orders', max_age_seconds: 86400, retention: 'limits' }] });
    expect(JSON.parse(files.get('jetway-stack.json') ?? '')).toEqual({ stack: 'shop', tool: 'terraform', environments: ['staging'], generate_only: false, has_messaging: true, has_configuration: false });
  });

  it('a stack with both parts carries both', async () => {
    const outputs = await generate(infraSpec({ messaging: ORDERS_MESSAGING }, 'containers'));
    expect(outputs.files).toEqual(expect.arrayContaining(['messaging/declaration.json', 'environments/staging/main.tf', 'modules/network/main.tf']));
  });

  it('takes the request’s playbook and inventory for its configuration stage', async () => {
    await writeFile(join(dir, 'site.yml'), '- hosts: all\n  tasks: []\n');
    const outputs = await generate(infraSpec({ configuration: { playbook: 'site.yml', inventory: 'localhost,' } }));
    const files = store.files(outputs.digest);
    expect(files.get('ansible/playbook.yml')).toBe('- hosts: all\n  tasks: []\n');
    expect(files.get('ansible/inventory')).toContain('localhost ansible_connection=local');
    expect(JSON.parse(files.get('jetway-stack.json') ?? '').has_configuration).toBe(true);
  });

  it.each([
    ['pulumi', ['pulumi/Main.yaml', 'pulumi/Pulumi.yaml']],
    ['cloudformation', ['cloudformation/template.yaml']],
    ['crossplane', ['crossplane/compute.yaml', 'crossplane/data.yaml', 'crossplane/network.yaml', 'crossplane/observability.yaml', 'crossplane/security.yaml']],
  ] as const)('%s: its files instead of Terraform, marked generate only', async (tool, paths) => {
    const outputs = await generate(infraSpec({ iac_tool: tool }, 'containers'));
    expect(outputs).toEqual({ digest: expect.any(String), files: ['jetway-stack.json', ...paths].sort(), tool, generate_only: true });
    expect(JSON.parse(store.files(outputs.digest).get('jetway-stack.json') ?? '')).toMatchObject({ tool, generate_only: true, cloud_provider: 'aws' });
  });

  it('refuses cloudformation for another provider than aws, naming cloud_provider', async () => {
    const error = await generate(infraSpec({ iac_tool: 'cloudformation', cloud_provider: 'gcp' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraGenerateError);
    expect((error as Error).message).toBe('iac_tool cloudformation is AWS only, but cloud_provider is gcp: use iac_tool terraform, pulumi or crossplane for gcp');
  });

  it('fails naming configuration.playbook and the path when the playbook is missing, storing nothing', async () => {
    const error = await generate(infraSpec({ configuration: { playbook: 'missing.yml', inventory: 'localhost,' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraGenerateError);
    expect((error as Error).message).toContain(`configuration.playbook missing.yml (relative, resolved against the builder's working directory ${dir}): cannot read ${join(dir, 'missing.yml')}`);
    expect(store.objects.size).toBe(0);
  });

  it('lets a store that cannot be reached fail as transient (the step is retried)', async () => {
    const down: InfraBundleStore = { put: () => Promise.reject(new TransientError('artifact store: connection closed')) };
    await expect(generateInfrastructure(infraTrigger(infraSpec()), { store: down, workingDir: dir })).rejects.toBeInstanceOf(TransientError);
  });

  it('refuses a run whose environment has no Terraform root, naming what the generator writes', () => {
    const files: BundleFile[] = [
      { path: 'modules/network/main.tf', content: '' },
      { path: 'environments/staging/main.tf', content: '' },
      { path: 'environments/production/main.tf', content: '' },
    ];
    const cloud = cloudSpec({ environment_type: 'dr' });
    expect(() => runRoots(files, cloud, ['staging', 'dr'])).toThrow(
      'environment_type dr applies staging then dr, but the Terraform generator for cloud_provider aws wrote no root for dr (it writes environments/staging, environments/production)',
    );
    expect(runRoots(files, cloud, ['staging']).map((f) => f.path)).toEqual(['modules/network/main.tf', 'environments/staging/main.tf']);
  });

  it('refuses a spec with application_requirements but no cloud provider, or with nothing at all', async () => {
    // The request schema refuses both; a spec built some other way is refused here too.
    await expect(generate({ ...infraSpec(), cloud_provider: undefined })).rejects.toThrow(/^application_requirements needs cloud_provider/);
    const empty = { ...infraSpec(), application_requirements: undefined, cloud_provider: undefined, budget_constraints: undefined };
    await expect(generate(empty)).rejects.toThrow('the spec declares neither application_requirements nor messaging: nothing to generate');
  });
});
