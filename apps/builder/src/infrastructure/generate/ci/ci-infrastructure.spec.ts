import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@cdktn/hcl2json';
import { StackManifest, type CiInfrastructureSpec, type CloudProvider } from '@jetway/contracts';
import aws from '../aws-schema.json';
import azurerm from '../azure/azurerm-schema.json';
import google from '../gcp/google-schema.json';
import { schemaErrors, wiringErrors, type ProviderSchema } from '../terraform-checks.testing';
import awsCi from './aws-ci-schema.json';
import azurermCi from './azurerm-ci-schema.json';
import { generateCiInfrastructure } from './ci-infrastructure';
import googleCi from './google-ci-schema.json';

type Json = Record<string, unknown>;
const PROVIDERS = ['aws', 'azure', 'gcp'] as const;

const spec = (cloud_provider: CloudProvider, extra: Partial<CiInfrastructureSpec> = {}): CiInfrastructureSpec => ({
  cloud_provider, ci_runners: { count: 3 }, artifact_storage: { retention_days: 45 }, container_registries: true, deployment_environments: ['staging', 'production'], owner: 'alice', ...extra,
});

/** The files inside `infrastructure/`, with paths as Terraform (and the checks) see them. */
const inside = (files: ReturnType<typeof generateCiInfrastructure>) => files.map((f) => ({ path: f.path.replace(/^infrastructure\//, ''), content: f.content }));
const parsed = async (files: ReturnType<typeof inside>, path: string): Promise<Json> => (await parse(path, files.find((f) => f.path === path)?.content ?? '')) as Json;
const resourceOf = (json: Json, type: string, name: string): Json => ((json['resource'] as Record<string, Record<string, Json[]>>)[type]?.[name]?.[0] ?? {}) as Json;

/** The existing provider snapshot with the types only the CI modules use: one schema per provider version. */
const SCHEMAS: Record<CloudProvider, ProviderSchema> = {
  aws: { ...(aws as ProviderSchema), types: { ...(aws as ProviderSchema).types, ...(awsCi as ProviderSchema).types } },
  azure: { ...(azurerm as ProviderSchema), types: { ...(azurerm as ProviderSchema).types, ...(azurermCi as ProviderSchema).types } },
  gcp: { ...(google as ProviderSchema), types: { ...(google as ProviderSchema).types, ...(googleCi as ProviderSchema).types } },
};

describe('the CI/CD infrastructure generator', () => {
  it.each(PROVIDERS)('%s: a manifest, seven modules, a root per environment and a deploy script under infrastructure/, parsed by a real HCL2 parser, every reference resolved', async (provider) => {
    const files = generateCiInfrastructure(spec(provider), 'shop');
    expect(files.map((f) => f.path)).toEqual([
      'infrastructure/jetway-stack.json',
      ...['network', 'security', 'egress', 'artifacts', 'registry', 'runners', 'observability'].map((m) => `infrastructure/modules/${m}/main.tf`),
      ...['staging', 'production'].flatMap((e) => [`infrastructure/environments/${e}/main.tf`, `infrastructure/environments/${e}/terraform.tfvars`]),
      'infrastructure/deploy.sh',
    ]);
    const terraform = inside(files).filter((f) => /\.(tf|tfvars)$/.test(f.path));
    for (const file of terraform) await expect(parse(file.path, file.content)).resolves.toBeDefined();
    expect(await wiringErrors(terraform)).toEqual([]);
    expect(StackManifest.parse(JSON.parse(files[0]?.content ?? ''))).toEqual({
      stack: 'shop-ci', tool: 'terraform', environments: ['staging', 'production'], generate_only: false, cloud_provider: provider, has_messaging: false, has_configuration: false,
    });
  });

  it.each(PROVIDERS)('%s: every type, argument and block is in the provider schema snapshot, every required one set', async (provider) => {
    const schema = SCHEMAS[provider];
    for (const container_registries of [true, false]) {
      expect(await schemaErrors(inside(generateCiInfrastructure(spec(provider, { container_registries }), 'shop')), schema)).toEqual([]);
    }
    expect(azurermCi.from).toBe(azurerm.from);
    expect(googleCi.from).toBe(google.from);
    expect(awsCi.from).toBe(aws.from);
  });

  it('aws: the schema check names a planted unknown argument of a CI-only type, nested or not', async () => {
    const files = inside(generateCiInfrastructure(spec('aws'), 'shop')).map((f) =>
      f.path === 'modules/runners/main.tf' ? { ...f, content: f.content.replace('http_put_response_hop_limit', 'http_hop_limit').replace('health_check_type', 'health_check_kind') } : f,
    );
    expect((await schemaErrors(files, SCHEMAS.aws)).sort()).toEqual([
      'modules/runners/main.tf: aws_autoscaling_group.runner: health_check_kind is not an argument or block of this type',
      'modules/runners/main.tf: aws_launch_template.runner.metadata_options[0]: http_hop_limit is not an argument or block of this type',
    ]);
  });

  it.each(PROVIDERS)('%s: keeps the environments in parity — the same root; the tfvars set the same names, the request’s values in each', async (provider) => {
    const files = inside(generateCiInfrastructure(spec(provider, { ci_runners: { count: 3, instance_type: 'big-vm' }, region: 'somewhere-1' }), 'shop'));
    expect(files.find((f) => f.path === 'environments/staging/main.tf')?.content).toBe(files.find((f) => f.path === 'environments/production/main.tf')?.content);
    const staging = await parsed(files, 'environments/staging/terraform.tfvars');
    const production = await parsed(files, 'environments/production/terraform.tfvars');
    expect(Object.keys(staging).sort()).toEqual(Object.keys(production).sort());
    const sizeOf = { aws: 'runner_instance_type', azure: 'runner_vm_sku', gcp: 'runner_machine_type' }[provider];
    const regionOf = { aws: 'region', azure: 'location', gcp: 'region' }[provider];
    expect(production).toMatchObject({ name: 'shop-ci', environment: 'production', runner_count: 3, [sizeOf]: 'big-vm', artifact_retention_days: 45, [regionOf]: 'somewhere-1' });
    expect({ staging: staging[provider === 'azure' ? 'address_space' : 'cidr_block'], production: production[provider === 'azure' ? 'address_space' : 'cidr_block'] }).toEqual({ staging: '10.110.0.0/16', production: '10.120.0.0/16' });
    const root = await parsed(files, 'environments/production/main.tf');
    expect(Object.keys(root['module'] as Json).sort()).toEqual(['artifacts', 'egress', 'network', 'observability', 'registry', 'runners', 'security']);
    expect(Object.keys(root['variable'] as Json).sort()).toEqual(Object.keys(production).sort());
  });

  it.each(PROVIDERS)('%s: without container_registries, no registry module and runners that push nowhere', async (provider) => {
    const files = inside(generateCiInfrastructure(spec(provider, { container_registries: false, deployment_environments: ['development'] }), 'shop'));
    expect(files.map((f) => f.path).filter((p) => p.includes('registry'))).toEqual([]);
    expect(files.filter((f) => f.path.startsWith('environments/')).map((f) => f.path)).toEqual(['environments/development/main.tf', 'environments/development/terraform.tfvars']);
    expect(files.find((f) => f.path === 'modules/runners/main.tf')?.content).not.toMatch(/registry|ecr:/);
    expect(await wiringErrors(files.filter((f) => /\.(tf|tfvars)$/.test(f.path)))).toEqual([]);
  });

  it('writes runners private and hardened, storage and registries private, encrypted and expiring — secure by default', async () => {
    const aws = inside(generateCiInfrastructure(spec('aws'), 'shop'));
    const template = resourceOf(await parsed(aws, 'modules/runners/main.tf'), 'aws_launch_template', 'runner');
    expect(template).toMatchObject({ metadata_options: [{ http_tokens: 'required', http_put_response_hop_limit: 1 }], network_interfaces: [{ associate_public_ip_address: false }] });
    expect(resourceOf(await parsed(aws, 'modules/runners/main.tf'), 'aws_security_group', 'runner')['ingress']).toBeUndefined();
    const policy = JSON.parse(String(resourceOf(await parsed(aws, 'modules/runners/main.tf'), 'aws_iam_role_policy', 'runner')['policy'])) as { Statement: Array<{ Action: string[]; Resource: string[] }> };
    expect(policy.Statement.filter((s) => s.Resource.includes('*')).flatMap((s) => s.Action)).toEqual(['ecr:GetAuthorizationToken']);
    const registry = await parsed(aws, 'modules/registry/main.tf');
    expect(resourceOf(registry, 'aws_ecr_repository', 'main')).toMatchObject({ image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: [{ scan_on_push: true }], encryption_configuration: [{ encryption_type: 'KMS' }] });
    expect(JSON.parse(String(resourceOf(registry, 'aws_ecr_lifecycle_policy', 'main')['policy']).replace('${var.artifact_retention_days}', '45')).rules[0].selection.countNumber).toBe(45);
    const bucket = await parsed(aws, 'modules/artifacts/main.tf');
    expect(resourceOf(bucket, 'aws_s3_bucket_lifecycle_configuration', 'artifacts')).toMatchObject({ rule: [{ status: 'Enabled', expiration: [{ days: '${var.artifact_retention_days}' }] }] });
    expect(resourceOf(bucket, 'aws_s3_bucket_public_access_block', 'artifacts')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });

    const azure = inside(generateCiInfrastructure(spec('azure'), 'shop'));
    const scaleSet = resourceOf(await parsed(azure, 'modules/runners/main.tf'), 'azurerm_linux_virtual_machine_scale_set', 'runner');
    expect(JSON.stringify(scaleSet['network_interface'])).not.toContain('public_ip_address');
    expect(scaleSet).toMatchObject({ encryption_at_host_enabled: true, disable_password_authentication: true });
    expect(resourceOf(await parsed(azure, 'modules/registry/main.tf'), 'azurerm_container_registry', 'main')).toMatchObject({ admin_enabled: false, anonymous_pull_enabled: false, public_network_access_enabled: false, sku: 'Premium' });
    expect(resourceOf(await parsed(azure, 'modules/artifacts/main.tf'), 'azurerm_storage_account', 'artifacts')).toMatchObject({ allow_nested_items_to_be_public: false, public_network_access_enabled: false });

    const gcp = inside(generateCiInfrastructure(spec('gcp'), 'shop'));
    expect(resourceOf(await parsed(gcp, 'modules/runners/main.tf'), 'google_compute_instance_template', 'runner')['network_interface']).toEqual([{ subnetwork: '${var.app_subnet_id}' }]);
    expect(resourceOf(await parsed(gcp, 'modules/registry/main.tf'), 'google_artifact_registry_repository', 'main')).toMatchObject({ docker_config: [{ immutable_tags: true }], kms_key_name: '${var.crypto_key_id}' });
    expect(resourceOf(await parsed(gcp, 'modules/artifacts/main.tf'), 'google_storage_bucket', 'artifacts')).toMatchObject({ public_access_prevention: 'enforced', uniform_bucket_level_access: true });
  });

  it('writes a deploy script bash reads, that refuses an unknown environment and unfilled tfvars', () => {
    const script = generateCiInfrastructure(spec('aws'), 'shop').find((f) => f.path === 'infrastructure/deploy.sh')?.content ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'ci-deploy-'));
    try {
      writeFileSync(join(dir, 'deploy.sh'), script);
      execFileSync('bash', ['-n', join(dir, 'deploy.sh')]);
      const run = (...args: string[]) => {
        try {
          execFileSync('bash', [join(dir, 'deploy.sh'), ...args], { stdio: 'pipe' });
          return 'exit 0';
        } catch (error) {
          const failed = error as { status: number; stderr: Buffer };
          return `exit ${failed.status}: ${failed.stderr.toString().trim().split('\n').at(-1)}`;
        }
      };
      expect(run('qa')).toBe('exit 2: usage: ' + join(dir, 'deploy.sh') + ' <staging|production> [plan|apply]');
      execFileSync('mkdir', ['-p', join(dir, 'environments/staging')]);
      writeFileSync(join(dir, 'environments/staging/terraform.tfvars'), 'runner_image = "REPLACE-ME: the runner image"\n');
      expect(run('staging', 'apply')).toBe('exit 1: environments/staging/terraform.tfvars: fill in the REPLACE-ME values above first');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
