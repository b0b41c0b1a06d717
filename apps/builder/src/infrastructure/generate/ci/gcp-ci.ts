import type { CiInfrastructureSpec } from '@jetway/contracts';
import { COMMON, LABELS, PROJECT, REGION, named, output, resource, variable } from '../gcp/gcp-blocks';
import { nested, ref, type Block, type Body } from '../hcl-writer';
import { CI_CIDR, RUNNER_IMAGE, type CiLayers } from './ci-layers';

// The CI/CD infrastructure on Google Cloud: Cloud NAT, a bucket for artifacts, an Artifact Registry
// Docker repository, and a managed instance group of runners — beside the network, KMS key,
// service account and audit logs of the provider's own layers. The runners are the stack's
// application tier: they run as its service account and carry its `app` network tag.

const RUNNER_MEMBER = ref('"serviceAccount:${var.app_service_account_email}"');
const RUNNER_IDENTITY = variable('app_service_account_email', 'string', 'The identity the runners run as.');
const RETENTION = variable('artifact_retention_days', 'number', 'Days a build artifact (an untagged image) is kept.');

/** A Cloud Router and Cloud NAT for the VPC: the runners reach their CI server without an external IP; failed translations logged. */
function egress(): Block[] {
  return [
    ...COMMON,
    variable('network_id', 'string', 'The VPC of the network layer.'),
    resource('google_compute_router', 'main', { name: named('router'), project: PROJECT, region: REGION, network: ref('var.network_id') }),
    resource('google_compute_router_nat', 'main', {
      name: named('nat'), project: PROJECT, region: REGION, router: ref('google_compute_router.main.name'),
      nat_ip_allocate_option: 'AUTO_ONLY', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      log_config: nested({ enable: true, filter: 'ERRORS_ONLY' }),
    }),
  ];
}

/** The artifact bucket: uniform access, public access prevented, customer key, versioned; objects (and old versions) deleted after the retention. */
function artifacts(): Block[] {
  const expire = (condition: Body): Body => ({ action: nested({ type: 'Delete' }), condition: nested(condition) });
  return [
    ...COMMON,
    RUNNER_IDENTITY,
    RETENTION,
    variable('crypto_key_id', 'string', 'The customer key.'),
    variable('bucket_location', 'string', 'A region, or a dual-region where artifacts must outlive one.'),
    resource('google_storage_bucket', 'artifacts', {
      name: ref('"${var.project_id}-${var.name}-${var.environment}-artifacts"'), project: PROJECT, location: ref('var.bucket_location'), storage_class: 'STANDARD',
      uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false,
      versioning: nested({ enabled: true }), encryption: nested({ default_kms_key_name: ref('var.crypto_key_id') }),
      lifecycle_rule: nested(expire({ age: ref('var.artifact_retention_days') }), expire({ days_since_noncurrent_time: ref('var.artifact_retention_days'), with_state: 'ARCHIVED' })),
      labels: LABELS,
    }),
    resource('google_storage_bucket_iam_member', 'runner', { bucket: ref('google_storage_bucket.artifacts.name'), role: 'roles/storage.objectAdmin', member: RUNNER_MEMBER }),
    output('bucket_name', 'google_storage_bucket.artifacts.name'),
  ];
}

/** An Artifact Registry Docker repository: tags immutable, the customer key (its service agent may use it), untagged images deleted after the retention. */
function registry(): Block[] {
  return [
    ...COMMON,
    RUNNER_IDENTITY,
    RETENTION,
    variable('crypto_key_id', 'string', 'The customer key.'),
    { type: 'data', labels: ['google_project', 'current'], body: { project_id: PROJECT } },
    resource('google_kms_crypto_key_iam_member', 'registry_agent', {
      crypto_key_id: ref('var.crypto_key_id'), role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: ref('"serviceAccount:service-${data.google_project.current.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com"'),
    }),
    resource('google_artifact_registry_repository', 'main', {
      repository_id: named(), project: PROJECT, location: REGION, format: 'DOCKER', mode: 'STANDARD_REPOSITORY', kms_key_name: ref('var.crypto_key_id'),
      docker_config: nested({ immutable_tags: true }),
      cleanup_policy_dry_run: false,
      cleanup_policies: nested({ id: 'expire-untagged', action: 'DELETE', condition: nested({ tag_state: 'UNTAGGED', older_than: ref('"${var.artifact_retention_days * 86400}s"') }) }),
      labels: LABELS,
      depends_on: [ref('google_kms_crypto_key_iam_member.registry_agent')],
    }),
    resource('google_artifact_registry_repository_iam_member', 'runner', { project: PROJECT, location: REGION, repository: ref('google_artifact_registry_repository.main.name'), role: 'roles/artifactregistry.writer', member: RUNNER_MEMBER }),
    output('repository_id', 'google_artifact_registry_repository.main.id'),
  ];
}

/**
 * Self-hosted runners: a regional managed instance group of `runner_count` VMs with no external
 * IP, Shielded VM, OS Login, project SSH keys blocked and CMEK disks, as the application's service account.
 */
function runners(): Block[] {
  return [
    ...COMMON,
    RUNNER_IDENTITY,
    variable('crypto_key_id', 'string', 'The customer key.'),
    variable('app_subnet_id', 'string', 'The subnet the runners run in.'),
    variable('runner_count', 'number', 'Runners always up.'),
    variable('runner_machine_type', 'string', 'The runner VM size.'),
    variable('runner_image', 'string', 'The image with the CI platform agent.'),
    resource('google_compute_instance_template', 'runner', {
      name_prefix: ref('"${var.name}-${var.environment}-runner-"'), project: PROJECT, region: REGION, machine_type: ref('var.runner_machine_type'), tags: ['app'], labels: LABELS,
      disk: nested({ source_image: ref('var.runner_image'), boot: true, auto_delete: true, disk_type: 'pd-balanced', disk_size_gb: 100, disk_encryption_key: nested({ kms_key_self_link: ref('var.crypto_key_id') }) }),
      network_interface: nested({ subnetwork: ref('var.app_subnet_id') }),
      shielded_instance_config: nested({ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true }),
      metadata: { 'block-project-ssh-keys': 'true', 'enable-oslogin': 'TRUE' },
      service_account: nested({ email: ref('var.app_service_account_email'), scopes: ['cloud-platform'] }),
      lifecycle: nested({ create_before_destroy: true }),
    }),
    resource('google_compute_region_instance_group_manager', 'runner', {
      name: named('runners'), project: PROJECT, region: REGION, base_instance_name: named('runner'), target_size: ref('var.runner_count'),
      version: nested({ instance_template: ref('google_compute_instance_template.runner.id') }),
    }),
    output('runner_group', 'google_compute_region_instance_group_manager.runner.instance_group'),
  ];
}

export const GCP_CI: CiLayers = {
  egress,
  artifacts,
  registry,
  runners,
  parameters: (spec: CiInfrastructureSpec, environment) => ({
    cidr_block: CI_CIDR[environment],
    ...(spec.region && { region: spec.region, bucket_location: spec.region.toUpperCase() }),
    runner_count: spec.ci_runners.count,
    runner_machine_type: spec.ci_runners.instance_type ?? 'n2-standard-2',
    runner_image: RUNNER_IMAGE,
    artifact_retention_days: spec.artifact_storage.retention_days,
  }),
  wiring: {},
};
