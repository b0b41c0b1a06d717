import type { IacRule, RuleHit } from '../iac-rule';
import type { Body, TerraformModel } from '../terraform-model';
import { blocks, isTrue } from '../terraform-model';
import { first, flag, hit, listOf, ofType } from './helpers';

// VMs launched from templates and scale sets (CI runners among them) and container registries,
// on every provider: what the CI/CD setup's infrastructure writes that the per-provider rules
// did not look at. (A Google Cloud VM's external IP is IAC060's.)

const isFalse = (v: unknown) => v === false || v === 'false';
const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];
const SCALE_SETS = ['azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_orchestrated_virtual_machine_scale_set'];

/** A Docker repository that holds its own images (a remote or virtual one only proxies others'). */
const ownDockerRepository = (b: Body) => String(b['format']).toUpperCase() === 'DOCKER' && !['REMOTE_REPOSITORY', 'VIRTUAL_REPOSITORY'].includes(String(b['mode']));

/** Whether a registry-wide scanning configuration scans every push (then a repository need not say so itself). */
const registryScansOnPush = (m: TerraformModel) =>
  ofType(m, 'aws_ecr_registry_scanning_configuration').some((c) => blocks(c.body, 'rule').some((r) => ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN'].includes(String(r['scan_frequency']))));

/** The ways an Azure container registry lets in someone unnamed. */
function openRegistry(b: Body): string[] {
  return [
    ...(isTrue(b['admin_enabled']) ? ['the admin user (one shared password) is enabled'] : []),
    ...(isTrue(b['anonymous_pull_enabled']) ? ['anyone may pull anonymously'] : []),
    ...(!isFalse(b['public_network_access_enabled']) ? ['it is reachable from the public network (the default)'] : []),
  ];
}

function publicRegistries(m: TerraformModel): RuleHit[] {
  return [
    ...ofType(m, 'azurerm_container_registry').flatMap((r) => {
      const open = openRegistry(r.body);
      return open.length > 0 ? [hit(r, open.join('; '))] : [];
    }),
    ...['google_artifact_registry_repository_iam_member', 'google_artifact_registry_repository_iam_binding'].flatMap((t) =>
      flag(m, t, (b) => [...listOf(b['member']), ...listOf(b['members'])].some((x) => PUBLIC_MEMBERS.includes(x)), 'the repository is granted to allUsers / allAuthenticatedUsers'),
    ),
    ...flag(m, 'aws_ecr_repository_policy', (b) => /"Effect"\s*:\s*"Allow"/.test(String(b['policy'])) && /"(Principal|AWS)"\s*:\s*"\*"/.test(String(b['policy'])), 'the repository policy allows every principal ("*")'),
  ];
}

export const RUNNER_REGISTRY_RULES: IacRule[] = [
  {
    id: 'IAC062', severity: 'high', title: 'Instance metadata answers without a session token (IMDSv1)', frameworks: ['pci_dss', 'fedramp'],
    fix: 'Set metadata_options { http_tokens = "required" } (IMDSv2 only); http_put_response_hop_limit = 1 also keeps containers on the VM away from its role.',
    check: (m) => ['aws_instance', 'aws_launch_template'].flatMap((t) => flag(m, t, (b) => first(b, 'metadata_options')['http_tokens'] !== 'required', 'http_tokens is not "required": IMDSv1 hands out the instance role to any request')),
  },
  {
    id: 'IAC063', severity: 'high', title: 'VM given a public IP (instance, launch template, scale set)', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Set associate_public_ip_address = false (AWS) or drop public_ip_address from the scale set\'s ip_configuration (Azure); reach out through a NAT gateway, in through a load balancer or a bastion.',
    check: (m) => [
      ...flag(m, 'aws_instance', (b) => isTrue(b['associate_public_ip_address']), 'associate_public_ip_address is true'),
      ...flag(m, 'aws_launch_template', (b) => blocks(b, 'network_interfaces').some((n) => isTrue(n['associate_public_ip_address'])), 'a network interface has associate_public_ip_address = true'),
      ...SCALE_SETS.flatMap((t) => flag(m, t, (b) => blocks(b, 'network_interface').some((n) => blocks(n, 'ip_configuration').some((c) => blocks(c, 'public_ip_address').length > 0)), 'an ip_configuration gives every instance a public IP')),
    ],
  },
  {
    id: 'IAC064', severity: 'medium', title: 'ECR repository without scan on push', frameworks: ['pci_dss', 'fedramp'],
    fix: 'Set image_scanning_configuration { scan_on_push = true } (or an aws_ecr_registry_scanning_configuration scanning on push).',
    check: (m) => (registryScansOnPush(m) ? [] : flag(m, 'aws_ecr_repository', (b) => !isTrue(first(b, 'image_scanning_configuration')['scan_on_push']), 'pushed images are not scanned')),
  },
  {
    id: 'IAC065', severity: 'medium', title: 'Container image tags can be overwritten', frameworks: ['sox', 'pci_dss'],
    fix: 'Set image_tag_mutability = "IMMUTABLE" (ECR) or docker_config { immutable_tags = true } (Artifact Registry): a tag then always names the image that was scanned and approved.',
    check: (m) => [
      ...flag(m, 'aws_ecr_repository', (b) => !String(b['image_tag_mutability'] ?? 'MUTABLE').startsWith('IMMUTABLE'), 'image_tag_mutability is MUTABLE (the default)'),
      ...flag(m, 'google_artifact_registry_repository', (b) => ownDockerRepository(b) && !isTrue(first(b, 'docker_config')['immutable_tags']), 'docker_config.immutable_tags is not true'),
    ],
  },
  {
    id: 'IAC066', severity: 'medium', title: 'Container registry not encrypted with a customer-managed key', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'ECR: encryption_configuration { encryption_type = "KMS", kms_key = <a rotated key> }; ACR (Premium): encryption { key_vault_key_id, identity_client_id }; Artifact Registry: kms_key_name.',
    check: (m) => [
      ...flag(m, 'aws_ecr_repository', (b) => !String(first(b, 'encryption_configuration')['encryption_type'] ?? 'AES256').startsWith('KMS'), 'images are encrypted with an AWS-owned key (AES256, the default)'),
      ...flag(m, 'azurerm_container_registry', (b) => first(b, 'encryption')['key_vault_key_id'] === undefined, 'no customer-managed key encrypts the registry'),
      ...flag(m, 'google_artifact_registry_repository', (b) => b['kms_key_name'] === undefined, 'no customer-managed key encrypts the repository'),
    ],
  },
  {
    id: 'IAC067', severity: 'high', title: 'Container registry open to anonymous or shared access', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'ACR: admin_enabled = false, anonymous_pull_enabled = false, public_network_access_enabled = false (a private endpoint); Artifact Registry and ECR: grant named principals only, never allUsers or "*".',
    check: publicRegistries,
  },
];
