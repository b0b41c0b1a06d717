import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block, type Body } from '../hcl-writer';
import { COMMON, ENCRYPTION_VARIABLES, LOCATION, RG, TAGS, deleteLock, output, resource, secureStorageAccount, variable } from './azure-blocks';

type Zone = CloudSpec['application_requirements']['networking']['security_zones'][number];

/** Subnets delegated to one service, besides one per security zone: what the requested storage and compute need. */
function delegatedSubnets(request: CloudSpec): Array<{ name: string; service: string; actions: string[] }> {
  const { compute, storage } = request.application_requirements;
  const join = ['Microsoft.Network/virtualNetworks/subnets/join/action'];
  return [
    ...(storage.types.includes('relational_database') ? [{ name: 'postgres', service: 'Microsoft.DBforPostgreSQL/flexibleServers', actions: join }] : []),
    ...(compute.type === 'containers' || compute.type === 'hybrid' ? [{ name: 'container_apps', service: 'Microsoft.App/environments', actions: join }] : []),
    ...(compute.type === 'serverless' ? [{ name: 'functions', service: 'Microsoft.Web/serverFarms', actions: ['Microsoft.Network/virtualNetworks/subnets/action'] }] : []),
  ];
}

/** The zone the application runs in, and the one its data services are reached in. */
export const appZone = (zones: readonly Zone[]): Zone => (zones.includes('private') ? 'private' : zones[0]!);
export const dataZone = (zones: readonly Zone[]): Zone => (zones.includes('data') ? 'data' : appZone(zones));

/** Resource group, virtual network, a subnet per security zone (and delegated ones), VNet flow logs. */
export function networkLayer(request: CloudSpec): Block[] {
  const zones = request.application_requirements.networking.security_zones;
  const delegated = delegatedSubnets(request);
  const subnet = (name: string, index: number, extra: Body = {}): Block =>
    resource('azurerm_subnet', name, { name: name.replace(/_/g, '-'), resource_group_name: ref('azurerm_resource_group.main.name'), virtual_network_name: ref('azurerm_virtual_network.main.name'), address_prefixes: [ref(`cidrsubnet(var.address_space, 8, ${index})`)], ...extra });
  const postgres = delegated.some((d) => d.name === 'postgres');
  return [
    ...COMMON,
    ...ENCRYPTION_VARIABLES,
    variable('address_space', 'string', 'The virtual network range.'),
    resource('azurerm_resource_group', 'main', { name: ref('"${var.name}-${var.environment}"'), location: LOCATION, tags: TAGS }),
    resource('azurerm_virtual_network', 'main', { name: ref('"${var.name}-${var.environment}"'), resource_group_name: ref('azurerm_resource_group.main.name'), location: LOCATION, address_space: [ref('var.address_space')], tags: TAGS }),
    ...zones.map((zone, i) => subnet(zone, i, { service_endpoints: ['Microsoft.Storage', 'Microsoft.KeyVault'] })),
    ...delegated.map((d, i) => subnet(d.name, 16 + i, { delegation: nested({ name: d.name, service_delegation: nested({ name: d.service, actions: d.actions }) }) })),
    resource('azurerm_network_watcher', 'main', { name: ref('"${var.name}-${var.environment}-watcher"'), resource_group_name: ref('azurerm_resource_group.main.name'), location: LOCATION, tags: TAGS }),
    secureStorageAccount('flow_logs', 'flow', 'ZRS', { resource_group_name: ref('azurerm_resource_group.main.name') }),
    deleteLock('flow_logs', 'azurerm_storage_account.flow_logs.id'),
    resource('azurerm_network_watcher_flow_log', 'vnet', {
      name: ref('"${var.name}-${var.environment}-vnet"'),
      network_watcher_name: ref('azurerm_network_watcher.main.name'),
      resource_group_name: ref('azurerm_resource_group.main.name'),
      target_resource_id: ref('azurerm_virtual_network.main.id'),
      storage_account_id: ref('azurerm_storage_account.flow_logs.id'),
      enabled: true,
      version: 2,
      retention_policy: nested({ enabled: true, days: 365 }),
      tags: TAGS,
    }),
    ...(postgres
      ? [
          resource('azurerm_private_dns_zone', 'postgres', { name: ref('"${var.name}-${var.environment}.private.postgres.database.azure.com"'), resource_group_name: ref('azurerm_resource_group.main.name'), tags: TAGS }),
          resource('azurerm_private_dns_zone_virtual_network_link', 'postgres', { name: 'postgres', private_dns_zone_name: ref('azurerm_private_dns_zone.postgres.name'), resource_group_name: ref('azurerm_resource_group.main.name'), virtual_network_id: ref('azurerm_virtual_network.main.id'), registration_enabled: false, tags: TAGS }),
          output('postgres_dns_zone_id', 'azurerm_private_dns_zone.postgres.id'),
        ]
      : []),
    output('resource_group_name', 'azurerm_resource_group.main.name'),
    output('vnet_id', 'azurerm_virtual_network.main.id'),
    output('subnet_ids', `{ ${zones.map((z) => `${z} = azurerm_subnet.${z}.id`).join(', ')} }`),
    output('app_subnet_id', `azurerm_subnet.${appZone(zones)}.id`),
    output('data_subnet_id', `azurerm_subnet.${dataZone(zones)}.id`),
    ...delegated.map((d) => output(`${d.name}_subnet_id`, `azurerm_subnet.${d.name}.id`)),
  ];
}

interface Rule {
  name: string;
  port: string;
  from: string;
  access?: 'Allow' | 'Deny';
}

/** The inbound rules of a zone's security group: least access first, the internet denied last. */
function zoneRules(zone: Zone, external: boolean): Rule[] {
  const rules: Rule[] = [];
  if (zone === 'public') rules.push({ name: 'https-in', port: '443', from: external ? 'Internet' : 'VirtualNetwork' });
  if (zone === 'private') rules.push({ name: 'https-from-vnet', port: '443', from: 'VirtualNetwork' });
  if (zone === 'private' || zone === 'management') rules.push({ name: 'ssh-from-management', port: '22', from: 'var.management_cidr' });
  if (zone === 'data') rules.push({ name: 'data-from-vnet', port: '5432', from: 'VirtualNetwork' }, { name: 'redis-from-vnet', port: '6380', from: 'VirtualNetwork' });
  rules.push({ name: 'deny-internet-in', port: '*', from: 'Internet', access: 'Deny' });
  return rules;
}

/** Key Vault with a rotated customer key and the identity that uses it; a network security group per zone. */
export function securityLayer(request: CloudSpec): Block[] {
  const { security_zones: zones, external_access: external } = request.application_requirements.networking;
  return [
    ...COMMON,
    variable('resource_group_name', 'string', 'The resource group of the network layer.'),
    variable('subnet_ids', 'map(string)', 'The subnet of each security zone.'),
    variable('management_cidr', 'string', 'The only range that may reach admin ports.'),
    { type: 'data', labels: ['azurerm_client_config', 'current'], body: {} },
    resource('azurerm_user_assigned_identity', 'encryption', { name: ref('"${var.name}-${var.environment}-encryption"'), resource_group_name: RG, location: LOCATION, tags: TAGS }),
    resource('azurerm_key_vault', 'main', {
      name: ref('substr("${var.name}-${var.environment}-kv", 0, 24)'),
      resource_group_name: RG,
      location: LOCATION,
      tenant_id: ref('data.azurerm_client_config.current.tenant_id'),
      sku_name: 'premium',
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      network_acls: nested({ default_action: 'Deny', bypass: 'AzureServices', ip_rules: [ref('var.management_cidr')], virtual_network_subnet_ids: ref('values(var.subnet_ids)') }),
      tags: TAGS,
    }),
    resource('azurerm_role_assignment', 'deployer_keys', { scope: ref('azurerm_key_vault.main.id'), role_definition_name: 'Key Vault Crypto Officer', principal_id: ref('data.azurerm_client_config.current.object_id') }),
    resource('azurerm_role_assignment', 'encryption_key_user', { scope: ref('azurerm_key_vault.main.id'), role_definition_name: 'Key Vault Crypto Service Encryption User', principal_id: ref('azurerm_user_assigned_identity.encryption.principal_id') }),
    resource('azurerm_key_vault_key', 'main', {
      name: 'data',
      key_vault_id: ref('azurerm_key_vault.main.id'),
      key_type: 'RSA-HSM',
      key_size: 3072,
      key_opts: ['unwrapKey', 'wrapKey'],
      rotation_policy: nested({ expire_after: 'P365D', notify_before_expiry: 'P30D', automatic: nested({ time_before_expiry: 'P60D' }) }),
      depends_on: [ref('azurerm_role_assignment.deployer_keys')],
    }),
    ...zones.flatMap((zone): Block[] => [
      resource('azurerm_network_security_group', zone, {
        name: ref(`"\${var.name}-\${var.environment}-${zone}"`),
        resource_group_name: RG,
        location: LOCATION,
        security_rule: nested(
          ...zoneRules(zone, external).map((r, i): Body => ({
            name: r.name, priority: r.access === 'Deny' ? 4000 : 100 + 10 * i, direction: 'Inbound', access: r.access ?? 'Allow', protocol: r.port === '*' ? '*' : 'Tcp',
            source_port_range: '*', destination_port_range: r.port, source_address_prefix: r.from.startsWith('var.') ? ref(r.from) : r.from, destination_address_prefix: '*',
          })),
        ),
        tags: TAGS,
      }),
      resource('azurerm_subnet_network_security_group_association', zone, { subnet_id: ref(`var.subnet_ids["${zone}"]`), network_security_group_id: ref(`azurerm_network_security_group.${zone}.id`) }),
    ]),
    output('tenant_id', 'data.azurerm_client_config.current.tenant_id'),
    output('key_vault_id', 'azurerm_key_vault.main.id'),
    output('key_vault_key_id', 'azurerm_key_vault_key.main.versionless_id'),
    output('encryption_identity_id', 'azurerm_user_assigned_identity.encryption.id'),
  ];
}
