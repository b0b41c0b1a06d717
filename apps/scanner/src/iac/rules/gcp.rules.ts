import type { IacRule } from '../iac-rule';
import type { Body } from '../terraform-model';
import { blocks, isTrue } from '../terraform-model';
import { first, flag, hit, listOf, missingFromConfiguration, ofType, servesProduction, tagsOf, untagged } from './helpers';

// Google Cloud (google): the concerns of the AWS rules, as Google Cloud spells them.

const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];
const PRIMITIVE_ROLES = ['roles/owner', 'roles/editor'];
const ADMIN_PORTS = [22, 3389];
const isFalse = (v: unknown) => v === false || v === 'false';

/** The members of an IAM member or binding resource. */
const members = (b: Body) => [...listOf(b['member']), ...listOf(b['members'])];

/** The admin ports an ingress `allow` opens to 0.0.0.0/0 (a rule with no ports opens every port of its protocol). */
function openAdminPorts(b: Body): number[] {
  if (String(b['direction'] ?? 'INGRESS') !== 'INGRESS' || isTrue(b['disabled'])) return [];
  if (!listOf(b['source_ranges']).some((r) => r === '0.0.0.0/0' || r === '::/0')) return [];
  const allows = blocks(b, 'allow').filter((a) => ['tcp', 'all'].includes(String(a['protocol'])));
  return ADMIN_PORTS.filter((port) =>
    allows.some((a) => {
      const ports = listOf(a['ports']);
      return ports.length === 0 || ports.some((p) => { const [from, to = from] = p.split('-').map(Number); return from !== undefined && from <= port && port <= (to ?? from); });
    }),
  );
}

/** Seconds of a duration such as "7776000s". */
const seconds = (v: unknown) => (typeof v === 'string' && /^\d+s$/.test(v) ? Number(v.slice(0, -1)) : Number.NaN);
const settings = (b: Body) => first(b, 'settings');

const LABELLED = ['google_storage_bucket', 'google_redis_instance', 'google_kms_crypto_key', 'google_compute_instance', 'google_compute_instance_template', 'google_cloud_run_v2_service', 'google_cloudfunctions2_function', 'google_artifact_registry_repository'];

export const GCP_RULES: IacRule[] = [
  {
    id: 'IAC044', severity: 'critical', title: 'Cloud Storage bucket granted to allUsers', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Grant bucket roles to named principals only; never allUsers or allAuthenticatedUsers.',
    check: (m) => ['google_storage_bucket_iam_member', 'google_storage_bucket_iam_binding'].flatMap((t) => flag(m, t, (b) => members(b).some((x) => PUBLIC_MEMBERS.includes(x)), 'the bucket is granted to allUsers / allAuthenticatedUsers')),
  },
  {
    id: 'IAC045', severity: 'high', title: 'Cloud Storage bucket without public access prevention or uniform access', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set public_access_prevention = "enforced" and uniform_bucket_level_access = true.',
    check: (m) => flag(m, 'google_storage_bucket', (b) => b['public_access_prevention'] !== 'enforced' || !isTrue(b['uniform_bucket_level_access']), 'public access prevention is not enforced or ACLs are per object'),
  },
  {
    id: 'IAC046', severity: 'medium', title: 'Cloud Storage bucket not encrypted with a customer-managed key', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Add encryption { default_kms_key_name = <a rotated KMS key> }.',
    check: (m) => flag(m, 'google_storage_bucket', (b) => first(b, 'encryption')['default_kms_key_name'] === undefined, 'no customer-managed key encrypts this bucket'),
  },
  {
    id: 'IAC047', severity: 'low', title: 'Cloud Storage bucket without versioning', frameworks: ['sox', 'hipaa'],
    fix: 'Add versioning { enabled = true }.',
    check: (m) => flag(m, 'google_storage_bucket', (b) => !isTrue(first(b, 'versioning')['enabled']), 'versioning is not enabled'),
  },
  {
    id: 'IAC048', severity: 'critical', title: 'Admin port open to the internet (firewall rule)', frameworks: ['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp'],
    fix: 'Allow SSH/RDP from the management range or IAP (35.235.240.0/20) only; never 0.0.0.0/0.',
    check: (m) => ofType(m, 'google_compute_firewall').flatMap((f) => openAdminPorts(f.body).map((port) => hit(f, `ingress allows port ${port} from 0.0.0.0/0`))),
  },
  {
    id: 'IAC049', severity: 'critical', title: 'Cloud SQL reachable by a public IP', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set ip_configuration { ipv4_enabled = false, private_network = <the VPC> } (private services access).',
    check: (m) => flag(m, 'google_sql_database_instance', (b) => !isFalse(first(settings(b), 'ip_configuration')['ipv4_enabled']), 'ipv4_enabled is not false (the default gives a public IP)'),
  },
  {
    id: 'IAC050', severity: 'high', title: 'Cloud SQL accepts connections without TLS', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set ip_configuration { ssl_mode = "ENCRYPTED_ONLY" } (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED).',
    check: (m) => flag(m, 'google_sql_database_instance', (b) => { const ip = first(settings(b), 'ip_configuration'); return !['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'].includes(String(ip['ssl_mode'])) && !isTrue(ip['require_ssl']); }, 'ssl_mode allows unencrypted connections'),
  },
  {
    id: 'IAC051', severity: 'medium', title: 'Production Cloud SQL in one zone', frameworks: ['sox', 'hipaa'],
    fix: 'Set settings { availability_type = "REGIONAL" } for production and dr.',
    check: (m, c) => (servesProduction(c.environment) ? flag(m, 'google_sql_database_instance', (b) => settings(b)['availability_type'] !== 'REGIONAL', `availability_type is not REGIONAL in ${c.environment}`) : []),
  },
  {
    id: 'IAC052', severity: 'medium', title: 'Cloud SQL without deletion protection', frameworks: ['sox'],
    fix: 'Keep deletion_protection = true (Terraform) and set settings { deletion_protection_enabled = true } (the API).',
    check: (m, c) => (c.environment === 'development' ? [] : flag(m, 'google_sql_database_instance', (b) => isFalse(b['deletion_protection']) || !isTrue(settings(b)['deletion_protection_enabled']), 'deletion protection is off')),
  },
  {
    id: 'IAC053', severity: 'medium', title: 'Cloud SQL backups off or kept under 7', frameworks: ['sox', 'hipaa', 'pci_dss'],
    fix: 'Set backup_configuration { enabled = true, point_in_time_recovery_enabled = true, backup_retention_settings { retained_backups = 7 or more } }.',
    check: (m) => flag(m, 'google_sql_database_instance', (b) => { const backup = first(settings(b), 'backup_configuration'); const kept = first(backup, 'backup_retention_settings')['retained_backups']; return !isTrue(backup['enabled']) || (kept !== undefined && !(Number(kept) >= 7)); }, 'backups are off or fewer than 7 are kept'),
  },
  {
    id: 'IAC054', severity: 'medium', title: 'KMS key not rotated within 90 days', frameworks: ['pci_dss', 'fedramp'],
    fix: 'Set rotation_period = "7776000s" (90 days) or shorter.',
    check: (m) => flag(m, 'google_kms_crypto_key', (b) => !(seconds(b['rotation_period']) <= 7_776_000), 'rotation_period is unset or over 90 days'),
  },
  {
    id: 'IAC055', severity: 'high', title: 'Owner/Editor or public member in project IAM', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'Grant predefined roles scoped to the task; never roles/owner or roles/editor, never allUsers or allAuthenticatedUsers.',
    check: (m) => ['google_project_iam_member', 'google_project_iam_binding'].flatMap((t) => flag(m, t, (b) => PRIMITIVE_ROLES.includes(String(b['role'])) || members(b).some((x) => PUBLIC_MEMBERS.includes(x)), 'grants a primitive role, or grants to the public')),
  },
  {
    id: 'IAC056', severity: 'medium', title: 'Subnetwork without flow logs', frameworks: ['pci_dss', 'sox', 'fedramp'],
    fix: 'Add log_config { aggregation_interval, flow_sampling, metadata = "INCLUDE_ALL_METADATA" } to the subnetwork.',
    check: (m) => flag(m, 'google_compute_subnetwork', (b) => blocks(b, 'log_config').length === 0 && !['REGIONAL_MANAGED_PROXY', 'GLOBAL_MANAGED_PROXY', 'INTERNAL_HTTPS_LOAD_BALANCER'].includes(String(b['purpose'])), 'flow logs are off'),
  },
  {
    id: 'IAC057', severity: 'medium', title: 'No Data Access audit logs', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'Add a google_project_iam_audit_config for service "allServices" with DATA_READ and DATA_WRITE (and ADMIN_READ).',
    check: (m) =>
      missingFromConfiguration(m, 'google_', ofType(m, 'google_project_iam_audit_config').some((a) => a.body['service'] === 'allServices' && ['DATA_READ', 'DATA_WRITE'].every((t) => blocks(a.body, 'audit_log_config').some((c) => c['log_type'] === t))), 'no audit config turns on Data Access logs for allServices'),
  },
  {
    id: 'IAC058', severity: 'high', title: 'Memorystore without TLS or AUTH', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Set transit_encryption_mode = "SERVER_AUTHENTICATION" and auth_enabled = true.',
    check: (m) => flag(m, 'google_redis_instance', (b) => b['transit_encryption_mode'] !== 'SERVER_AUTHENTICATION' || !isTrue(b['auth_enabled']), 'traffic is unencrypted or unauthenticated'),
  },
  {
    id: 'IAC059', severity: 'low', title: 'Google Cloud resource without the required labels', frameworks: ['sox'],
    fix: 'Label every resource with owner, environment, cost_center (Cloud SQL: settings.user_labels).',
    check: (m) => [...untagged(m, LABELLED, (b) => tagsOf(b, 'labels')), ...untagged(m, ['google_sql_database_instance'], (b) => tagsOf(settings(b), 'user_labels'))],
  },
  {
    id: 'IAC060', severity: 'high', title: 'VM with a public IP', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Drop access_config from network_interface; reach the VMs through a load balancer, IAP or Cloud NAT.',
    check: (m) => ['google_compute_instance', 'google_compute_instance_template'].flatMap((t) => flag(m, t, (b) => blocks(b, 'network_interface').some((n) => blocks(n, 'access_config').length > 0), 'a network interface has an external IP (access_config)')),
  },
  {
    id: 'IAC061', severity: 'low', title: 'Log bucket keeps logs under 90 days', frameworks: ['gdpr', 'sox', 'pci_dss'],
    fix: 'Set retention_days to 90 or more (365 where PCI DSS applies); the default is 30.',
    check: (m) => flag(m, 'google_logging_project_bucket_config', (b) => !(Number(b['retention_days']) >= 90), 'retention_days is under 90 (or unset: 30)'),
  },
];
