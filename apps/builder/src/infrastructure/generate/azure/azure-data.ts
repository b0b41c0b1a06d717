import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block } from '../hcl-writer';
import { COMMON, ENCRYPTION_VARIABLES, LOCATION, RG, TAGS, deleteLock, output, resource, secureStorageAccount, variable } from './azure-blocks';

/** The storage sizes Azure offers a PostgreSQL flexible server, in MB. */
const POSTGRES_STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 8388608, 16777216, 33553408];

/** The smallest storage size that holds the requested capacity (32 GB when none is asked). */
export function postgresStorageMb(capacity: string | undefined): number {
  const gb = capacity ? Number.parseFloat(capacity) * (/TB/i.test(capacity) ? 1024 : 1) : 32;
  return POSTGRES_STORAGE_MB.find((mb) => mb >= gb * 1024) ?? POSTGRES_STORAGE_MB.at(-1)!;
}

/** Blob storage, PostgreSQL and Redis as the request's storage types ask: private, encrypted with the customer key, locked against deletion. */
export function dataLayer(request: CloudSpec): Block[] {
  const { types, capacity } = request.application_requirements.storage;
  const blocks: Block[] = [...COMMON, ...ENCRYPTION_VARIABLES, variable('resource_group_name', 'string', 'The resource group of the network layer.')];
  if (types.includes('object')) {
    blocks.push(
      variable('storage_replication', 'string', 'ZRS, or GZRS where the data must outlive a region.'),
      secureStorageAccount('data', 'data', ref('var.storage_replication')),
      resource('azurerm_storage_container', 'data', { name: 'data', storage_account_id: ref('azurerm_storage_account.data.id'), container_access_type: 'private' }),
      deleteLock('storage', 'azurerm_storage_account.data.id'),
      output('storage_account_id', 'azurerm_storage_account.data.id'),
    );
  }
  if (types.includes('relational_database')) {
    blocks.push(
      variable('tenant_id', 'string', 'The Entra ID tenant whose identities sign in to the database.'),
      variable('postgres_subnet_id', 'string', 'The subnet delegated to PostgreSQL.'),
      variable('postgres_dns_zone_id', 'string', 'The private DNS zone of the server.'),
      variable('postgres_sku', 'string', 'The server size (GP_ or MO_ tiers: high availability needs them).'),
      variable('postgres_high_availability', 'string', 'ZoneRedundant (production) or SameZone.'),
      variable('backup_retention_days', 'number', 'Backups kept (7 to 35).'),
      resource('azurerm_postgresql_flexible_server', 'main', {
        name: ref('"${var.name}-${var.environment}"'),
        resource_group_name: RG,
        location: LOCATION,
        version: '16',
        sku_name: ref('var.postgres_sku'),
        storage_mb: postgresStorageMb(capacity),
        auto_grow_enabled: true,
        zone: '1',
        backup_retention_days: ref('var.backup_retention_days'),
        public_network_access_enabled: false,
        delegated_subnet_id: ref('var.postgres_subnet_id'),
        private_dns_zone_id: ref('var.postgres_dns_zone_id'),
        high_availability: nested({ mode: ref('var.postgres_high_availability') }),
        authentication: nested({ active_directory_auth_enabled: true, password_auth_enabled: false, tenant_id: ref('var.tenant_id') }),
        identity: nested({ type: 'UserAssigned', identity_ids: [ref('var.encryption_identity_id')] }),
        customer_managed_key: nested({ key_vault_key_id: ref('var.key_vault_key_id'), primary_user_assigned_identity_id: ref('var.encryption_identity_id') }),
        tags: TAGS,
      }),
      resource('azurerm_postgresql_flexible_server_configuration', 'require_tls', { name: 'require_secure_transport', server_id: ref('azurerm_postgresql_flexible_server.main.id'), value: 'on' }),
      resource('azurerm_postgresql_flexible_server_configuration', 'tls_version', { name: 'ssl_min_protocol_version', server_id: ref('azurerm_postgresql_flexible_server.main.id'), value: 'TLSv1.2' }),
      deleteLock('database', 'azurerm_postgresql_flexible_server.main.id'),
      output('postgres_server_id', 'azurerm_postgresql_flexible_server.main.id'),
    );
  }
  if (types.includes('cache')) {
    blocks.push(
      variable('data_subnet_id', 'string', 'The subnet data services are reached in (private endpoints).'),
      variable('redis_sku', 'string', 'Standard or Premium.'),
      variable('redis_family', 'string', 'C (Standard) or P (Premium).'),
      variable('redis_capacity', 'number', 'The cache size within its family.'),
      resource('azurerm_redis_cache', 'main', {
        name: ref('"${var.name}-${var.environment}"'),
        resource_group_name: RG,
        location: LOCATION,
        sku_name: ref('var.redis_sku'),
        family: ref('var.redis_family'),
        capacity: ref('var.redis_capacity'),
        redis_version: '6',
        non_ssl_port_enabled: false,
        minimum_tls_version: '1.2',
        public_network_access_enabled: false,
        access_keys_authentication_enabled: false,
        redis_configuration: nested({ active_directory_authentication_enabled: true }),
        tags: TAGS,
      }),
      resource('azurerm_private_endpoint', 'redis', {
        name: ref('"${var.name}-${var.environment}-redis"'),
        resource_group_name: RG,
        location: LOCATION,
        subnet_id: ref('var.data_subnet_id'),
        private_service_connection: nested({ name: 'redis', private_connection_resource_id: ref('azurerm_redis_cache.main.id'), is_manual_connection: false, subresource_names: ['redisCache'] }),
        tags: TAGS,
      }),
    );
  }
  return blocks;
}
