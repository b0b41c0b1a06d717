import type { IacRule } from '../iac-rule';
import type { Body, Resource, TerraformModel } from '../terraform-model';
import { blocks, isTrue } from '../terraform-model';
import { first, flag, hit, listOf, missingFromConfiguration, ofType, referenced, servesProduction, tagsOf, untagged } from './helpers';

// Azure (azurerm): the concerns of the AWS rules, as Azure spells them.

const OPEN_SOURCES = ['*', '0.0.0.0', '0.0.0.0/0', '::/0', 'internet', 'any'];
const ADMIN_PORTS = [22, 3389];
const isFalse = (v: unknown) => v === false || v === 'false';

/** Whether a port range of a security rule (`22`, `20-30`, `*`) covers `port`. */
function covers(range: string, port: number): boolean {
  if (range === '*') return true;
  const [from, to = from] = range.split('-').map(Number);
  return from !== undefined && from <= port && port <= (to ?? from);
}

/** The admin ports an inbound Allow rule (inline `security_rule` or `azurerm_network_security_rule`) opens to every address. */
function openAdminPorts(rule: Body): number[] {
  if (String(rule['direction']).toLowerCase() !== 'inbound' || String(rule['access']).toLowerCase() !== 'allow') return [];
  const sources = [...listOf(rule['source_address_prefix']), ...listOf(rule['source_address_prefixes'])].map((s) => s.toLowerCase());
  if (!sources.some((s) => OPEN_SOURCES.includes(s))) return [];
  const ranges = [...listOf(rule['destination_port_range']), ...listOf(rule['destination_port_ranges'])];
  return ADMIN_PORTS.filter((port) => ranges.some((r) => covers(r, port)));
}

/** Whether a `CanNotDelete` management lock names the resource in its scope. */
const locked = (m: TerraformModel, target: Resource) =>
  ofType(m, 'azurerm_management_lock').some((l) => l.body['lock_level'] === 'CanNotDelete' && JSON.stringify(l.body['scope'] ?? '').includes(`${target.type}.${target.name}`));

const TAGGABLE = ['azurerm_resource_group', 'azurerm_virtual_network', 'azurerm_storage_account', 'azurerm_key_vault', 'azurerm_postgresql_flexible_server', 'azurerm_redis_cache', 'azurerm_linux_virtual_machine_scale_set', 'azurerm_container_app', 'azurerm_linux_function_app', 'azurerm_log_analytics_workspace', 'azurerm_container_registry'];
const PRIVILEGED_ROLES = ['owner', 'contributor', 'user access administrator'];

export const AZURE_RULES: IacRule[] = [
  {
    id: 'IAC025', severity: 'critical', title: 'Azure storage open to anonymous reads', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set allow_nested_items_to_be_public = false on the account and container_access_type = "private" on its containers.',
    check: (m) => [
      ...flag(m, 'azurerm_storage_account', (b) => !isFalse(b['allow_nested_items_to_be_public']), 'allow_nested_items_to_be_public is not false (the provider default allows public blobs)'),
      ...flag(m, 'azurerm_storage_container', (b) => ['blob', 'container'].includes(String(b['container_access_type'])), 'the container is readable anonymously'),
    ],
  },
  {
    id: 'IAC026', severity: 'high', title: 'Azure storage accepts plain HTTP or TLS below 1.2', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Keep https_traffic_only_enabled = true and set min_tls_version = "TLS1_2".',
    check: (m) => flag(m, 'azurerm_storage_account', (b) => isFalse(b['https_traffic_only_enabled']) || ['TLS1_0', 'TLS1_1'].includes(String(b['min_tls_version'])), 'HTTP or TLS 1.0/1.1 is accepted'),
  },
  {
    id: 'IAC027', severity: 'medium', title: 'Azure storage not encrypted with a customer-managed key', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Add a customer_managed_key block (a Key Vault key with rotation, used by a user-assigned identity).',
    check: (m) => ofType(m, 'azurerm_storage_account').filter((a) => blocks(a.body, 'customer_managed_key').length === 0 && !referenced(m, 'azurerm_storage_account_customer_managed_key', a)).map((a) => hit(a, 'no customer-managed key encrypts this account')),
  },
  {
    id: 'IAC028', severity: 'critical', title: 'Admin port open to the internet (network security group)', frameworks: ['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp'],
    fix: 'Allow SSH/RDP from the management range or Azure Bastion only; never from *, Internet or 0.0.0.0/0.',
    check: (m) => [
      ...ofType(m, 'azurerm_network_security_group').flatMap((g) => blocks(g.body, 'security_rule').flatMap(openAdminPorts).map((port) => hit(g, `an inbound rule allows port ${port} from every address`))),
      ...ofType(m, 'azurerm_network_security_rule').flatMap((r) => openAdminPorts(r.body).map((port) => hit(r, `allows port ${port} from every address`))),
    ],
  },
  {
    id: 'IAC029', severity: 'critical', title: 'Azure PostgreSQL reachable from the internet', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set public_network_access_enabled = false and place the server in a delegated subnet (or behind a private endpoint); drop 0.0.0.0–255.255.255.255 firewall rules.',
    check: (m) => [
      ...flag(m, 'azurerm_postgresql_flexible_server', (b) => !isFalse(b['public_network_access_enabled']) && b['delegated_subnet_id'] === undefined, 'public network access is on'),
      ...flag(m, 'azurerm_postgresql_flexible_server_firewall_rule', (b) => b['start_ip_address'] === '0.0.0.0' && b['end_ip_address'] === '255.255.255.255', 'the firewall allows every address'),
    ],
  },
  {
    id: 'IAC030', severity: 'medium', title: 'Production Azure PostgreSQL not zone-redundant', frameworks: ['sox', 'hipaa'],
    fix: 'Add high_availability { mode = "ZoneRedundant" } for production and dr.',
    check: (m, c) => (servesProduction(c.environment) ? flag(m, 'azurerm_postgresql_flexible_server', (b) => first(b, 'high_availability')['mode'] !== 'ZoneRedundant', `high availability is not ZoneRedundant in ${c.environment}`) : []),
  },
  {
    id: 'IAC031', severity: 'medium', title: 'Azure database or storage account without a delete lock', frameworks: ['sox'],
    fix: 'Add an azurerm_management_lock with lock_level = "CanNotDelete" whose scope is the server or account.',
    check: (m, c) => (c.environment === 'development' ? [] : ['azurerm_postgresql_flexible_server', 'azurerm_storage_account'].flatMap((t) => ofType(m, t)).filter((r) => !locked(m, r)).map((r) => hit(r, 'no CanNotDelete lock protects it from deletion'))),
  },
  {
    id: 'IAC032', severity: 'medium', title: 'Azure PostgreSQL backups kept under 7 days', frameworks: ['sox', 'hipaa', 'pci_dss'],
    fix: 'Set backup_retention_days to 7 or more (35 for production).',
    check: (m) => flag(m, 'azurerm_postgresql_flexible_server', (b) => b['backup_retention_days'] !== undefined && !(Number(b['backup_retention_days']) >= 7), 'backup_retention_days is under 7'),
  },
  {
    id: 'IAC033', severity: 'high', title: 'Azure PostgreSQL accepts connections without TLS', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Keep require_secure_transport = "on" (and ssl_min_protocol_version = "TLSv1.2").',
    check: (m) => flag(m, 'azurerm_postgresql_flexible_server_configuration', (b) => (b['name'] === 'require_secure_transport' && String(b['value']).toLowerCase() === 'off') || (b['name'] === 'ssl_min_protocol_version' && ['TLSv1', 'TLSv1.1'].includes(String(b['value']))), 'TLS is not required'),
  },
  {
    id: 'IAC034', severity: 'high', title: 'Azure Redis reachable without TLS', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Set non_ssl_port_enabled = false and minimum_tls_version = "1.2".',
    check: (m) => flag(m, 'azurerm_redis_cache', (b) => isTrue(b['non_ssl_port_enabled']) || isTrue(b['enable_non_ssl_port']) || ['1.0', '1.1'].includes(String(b['minimum_tls_version'])), 'the plain-text port or TLS below 1.2 is enabled'),
  },
  {
    id: 'IAC035', severity: 'high', title: 'Owner-level or wildcard Azure role granted', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'Assign the narrowest built-in role at the narrowest scope; custom roles list their actions, never "*".',
    check: (m) => [
      ...flag(m, 'azurerm_role_assignment', (b) => PRIVILEGED_ROLES.includes(String(b['role_definition_name']).toLowerCase()), 'grants Owner, Contributor or User Access Administrator'),
      ...flag(m, 'azurerm_role_definition', (b) => blocks(b, 'permissions').some((p) => listOf(p['actions']).includes('*')), 'a custom role allows every action ("*")'),
    ],
  },
  {
    id: 'IAC036', severity: 'medium', title: 'Azure virtual network without flow logs', frameworks: ['pci_dss', 'sox', 'fedramp'],
    fix: 'Add an azurerm_network_watcher_flow_log with target_resource_id = the VNet id, enabled = true, retention ≥ 90 days.',
    check: (m) => ofType(m, 'azurerm_virtual_network').filter((v) => !ofType(m, 'azurerm_network_watcher_flow_log').some((f) => isTrue(f.body['enabled']) && JSON.stringify(f.body).includes(`azurerm_virtual_network.${v.name}`))).map((v) => hit(v, 'no enabled flow log names this virtual network')),
  },
  {
    id: 'IAC037', severity: 'medium', title: 'Azure activity log not exported', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'Add an azurerm_monitor_diagnostic_setting on the subscription (target_resource_id = "/subscriptions/<id>") sending Administrative and Security logs to Log Analytics.',
    check: (m) => missingFromConfiguration(m, 'azurerm_', ofType(m, 'azurerm_monitor_diagnostic_setting').some((d) => /^\/subscriptions\/[^/]+$/.test(String(d.body['target_resource_id'])) && blocks(d.body, 'enabled_log').some((l) => l['category'] === 'Administrative')), 'no diagnostic setting exports the subscription activity log (Administrative)'),
  },
  {
    id: 'IAC038', severity: 'medium', title: 'Key Vault without purge protection', frameworks: ['pci_dss', 'fedramp', 'sox'],
    fix: 'Set purge_protection_enabled = true and soft_delete_retention_days = 90.',
    check: (m) => flag(m, 'azurerm_key_vault', (b) => !isTrue(b['purge_protection_enabled']), 'purge_protection_enabled is not true'),
  },
  {
    id: 'IAC039', severity: 'medium', title: 'Key Vault key without rotation', frameworks: ['pci_dss', 'fedramp'],
    fix: 'Add a rotation_policy with automatic { time_before_expiry } and expire_after.',
    check: (m) => flag(m, 'azurerm_key_vault_key', (b) => blocks(first(b, 'rotation_policy'), 'automatic').length === 0, 'no automatic rotation policy'),
  },
  {
    id: 'IAC040', severity: 'low', title: 'Azure resource without the required tags', frameworks: ['sox'],
    fix: 'Tag every resource with owner, environment, cost_center.',
    check: (m) => untagged(m, TAGGABLE, (b) => tagsOf(b)),
  },
  {
    id: 'IAC041', severity: 'low', title: 'Log Analytics keeps logs under 90 days', frameworks: ['gdpr', 'sox', 'pci_dss'],
    fix: 'Set retention_in_days to 90 or more (365 where PCI DSS applies); the provider default is 30.',
    check: (m) => flag(m, 'azurerm_log_analytics_workspace', (b) => !(Number(b['retention_in_days']) >= 90), 'retention_in_days is under 90 (or unset: 30)'),
  },
  {
    id: 'IAC042', severity: 'high', title: 'Azure app accepts HTTP or TLS below 1.2', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set https_only = true and site_config { minimum_tls_version = "1.2", ftps_state = "Disabled" }.',
    check: (m) => ['azurerm_linux_function_app', 'azurerm_linux_web_app', 'azurerm_windows_function_app', 'azurerm_windows_web_app'].flatMap((t) =>
      flag(m, t, (b) => !isTrue(b['https_only']) || ['1.0', '1.1'].includes(String(first(b, 'site_config')['minimum_tls_version'])) || first(b, 'site_config')['ftps_state'] === 'AllAllowed', 'HTTP, TLS below 1.2 or plain FTP is accepted'),
    ),
  },
  {
    id: 'IAC043', severity: 'high', title: 'Azure VM scale set disks not encrypted at host', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set encryption_at_host_enabled = true (or a disk_encryption_set_id with a customer key on os_disk).',
    check: (m) => ['azurerm_linux_virtual_machine_scale_set', 'azurerm_linux_virtual_machine'].flatMap((t) => flag(m, t, (b) => !isTrue(b['encryption_at_host_enabled']) && first(b, 'os_disk')['disk_encryption_set_id'] === undefined, 'temp and cache disks are not encrypted at host')),
  },
];
