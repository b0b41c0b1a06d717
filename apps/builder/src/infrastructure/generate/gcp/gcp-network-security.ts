import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block, type Body } from '../hcl-writer';
import { COMMON, LABELS, PROJECT, REGION, named, output, resource, variable } from './gcp-blocks';

type Zone = CloudSpec['application_requirements']['networking']['security_zones'][number];
export const appZone = (zones: readonly Zone[]): Zone => (zones.includes('private') ? 'private' : zones[0]!);

/** A custom-mode VPC, a subnet per security zone with private Google access and flow logs. */
export function networkLayer(request: CloudSpec): Block[] {
  const zones = request.application_requirements.networking.security_zones;
  return [
    ...COMMON,
    variable('cidr_block', 'string', 'The VPC range.'),
    resource('google_compute_network', 'main', { name: named(), project: PROJECT, auto_create_subnetworks: false, routing_mode: 'REGIONAL' }),
    ...zones.map((zone, i) =>
      resource('google_compute_subnetwork', zone, {
        name: named(zone), project: PROJECT, region: REGION, network: ref('google_compute_network.main.id'), ip_cidr_range: ref(`cidrsubnet(var.cidr_block, 8, ${i})`),
        private_ip_google_access: true,
        log_config: nested({ aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' }),
      }),
    ),
    output('network_id', 'google_compute_network.main.id'),
    output('subnet_ids', `{ ${zones.map((z) => `${z} = google_compute_subnetwork.${z}.id`).join(', ')} }`),
    output('app_subnet_id', `google_compute_subnetwork.${appZone(zones)}.id`),
  ];
}

/** Firewall rules: HTTPS as external access says, SSH from the management range only, every other ingress denied and logged. */
function firewalls(request: CloudSpec): Block[] {
  const external = request.application_requirements.networking.external_access;
  const rule = (name: string, body: Body): Block =>
    resource('google_compute_firewall', name, { name: named(name.replace(/_/g, '-')), project: PROJECT, network: ref('var.network_id'), direction: 'INGRESS', ...body, log_config: nested({ metadata: 'INCLUDE_ALL_METADATA' }) });
  return [
    rule('https_in', { priority: 1000, allow: nested({ protocol: 'tcp', ports: ['443'] }), source_ranges: external ? ['0.0.0.0/0'] : [ref('var.cidr_block')], target_tags: ['app'] }),
    rule('ssh_from_management', { priority: 1000, allow: nested({ protocol: 'tcp', ports: ['22'] }), source_ranges: [ref('var.management_cidr')], target_tags: ['app'] }),
    rule('deny_all_in', { priority: 65534, deny: nested({ protocol: 'all' }), source_ranges: ['0.0.0.0/0'] }),
  ];
}

/** A rotated KMS key (the customer key of buckets and disks), the application's service account, firewall rules. */
export function securityLayer(request: CloudSpec): Block[] {
  const encrypter = (name: string, member: string): Block =>
    resource('google_kms_crypto_key_iam_member', name, { crypto_key_id: ref('google_kms_crypto_key.main.id'), role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: ref(member) });
  return [
    ...COMMON,
    variable('network_id', 'string', 'The VPC of the network layer.'),
    variable('cidr_block', 'string', 'The VPC range.'),
    variable('management_cidr', 'string', 'The only range that may reach admin ports.'),
    { type: 'data', labels: ['google_project', 'current'], body: { project_id: PROJECT } },
    { type: 'data', labels: ['google_storage_project_service_account', 'gcs'], body: { project: PROJECT } },
    resource('google_kms_key_ring', 'main', { name: named(), project: PROJECT, location: REGION }),
    resource('google_kms_crypto_key', 'main', { name: 'data', key_ring: ref('google_kms_key_ring.main.id'), purpose: 'ENCRYPT_DECRYPT', rotation_period: '7776000s', labels: LABELS, lifecycle: nested({ prevent_destroy: true }) }),
    encrypter('storage_agent', '"serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"'),
    encrypter('compute_agent', '"serviceAccount:service-${data.google_project.current.number}@compute-system.iam.gserviceaccount.com"'),
    resource('google_service_account', 'app', { account_id: ref('substr("${var.name}-${var.environment}-app", 0, 30)'), project: PROJECT, display_name: ref('"${var.name} ${var.environment} application"') }),
    ...firewalls(request),
    output('crypto_key_id', 'google_kms_crypto_key.main.id'),
    output('app_service_account_email', 'google_service_account.app.email'),
  ];
}
