import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block } from '../hcl-writer';
import { COMMON, LABELS, PROJECT, REGION, named, output, resource, variable } from './gcp-blocks';

/** The disk a Cloud SQL instance starts with, in GB, from the requested capacity (20 GB when none is asked). */
export const sqlDiskGb = (capacity: string | undefined): number => (capacity ? Math.ceil(Number.parseFloat(capacity) * (/TB/i.test(capacity) ? 1024 : 1)) : 20);

/** Private services access: the range Cloud SQL and Memorystore take in the VPC, and the peering to them. */
function privateServices(): Block[] {
  return [
    resource('google_compute_global_address', 'private_services', { name: named('private-services'), project: PROJECT, purpose: 'VPC_PEERING', address_type: 'INTERNAL', prefix_length: 16, network: ref('var.network_id') }),
    resource('google_service_networking_connection', 'private_services', { network: ref('var.network_id'), service: 'servicenetworking.googleapis.com', reserved_peering_ranges: [ref('google_compute_global_address.private_services.name')] }),
  ];
}

function cloudSql(request: CloudSpec): Block[] {
  const flag = (name: string, value: string) => ({ name, value });
  return [
    variable('sql_tier', 'string', 'The Cloud SQL machine tier.'),
    variable('sql_availability_type', 'string', 'REGIONAL (production: a standby in another zone) or ZONAL.'),
    variable('backup_retention_days', 'number', 'Daily backups kept (7 or more).'),
    resource('google_sql_database_instance', 'main', {
      name: named(), project: PROJECT, region: REGION, database_version: 'POSTGRES_16', deletion_protection: true,
      settings: nested({
        tier: ref('var.sql_tier'), edition: 'ENTERPRISE', availability_type: ref('var.sql_availability_type'), disk_type: 'PD_SSD', disk_size: sqlDiskGb(request.application_requirements.storage.capacity), disk_autoresize: true,
        deletion_protection_enabled: true, user_labels: LABELS,
        ip_configuration: nested({ ipv4_enabled: false, private_network: ref('var.network_id'), ssl_mode: 'ENCRYPTED_ONLY' }),
        backup_configuration: nested({ enabled: true, point_in_time_recovery_enabled: true, start_time: '02:00', backup_retention_settings: nested({ retained_backups: ref('var.backup_retention_days'), retention_unit: 'COUNT' }) }),
        database_flags: nested(flag('log_connections', 'on'), flag('log_disconnections', 'on'), flag('log_checkpoints', 'on')),
      }),
      depends_on: [ref('google_service_networking_connection.private_services')],
    }),
    output('sql_instance_id', 'google_sql_database_instance.main.id'),
  ];
}

/** A bucket, Cloud SQL and Memorystore as the request's storage types ask: private, encrypted, protected against deletion. */
export function dataLayer(request: CloudSpec): Block[] {
  const types = request.application_requirements.storage.types;
  const blocks: Block[] = [...COMMON, variable('network_id', 'string', 'The VPC of the network layer.'), variable('crypto_key_id', 'string', 'The customer key.')];
  if (types.includes('object')) {
    blocks.push(
      variable('bucket_location', 'string', 'A region, or a dual-region where the data must outlive one.'),
      resource('google_storage_bucket', 'data', {
        name: ref('"${var.project_id}-${var.name}-${var.environment}-data"'), project: PROJECT, location: ref('var.bucket_location'), storage_class: 'STANDARD',
        uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false,
        versioning: nested({ enabled: true }), encryption: nested({ default_kms_key_name: ref('var.crypto_key_id') }), soft_delete_policy: nested({ retention_duration_seconds: 604800 }),
        labels: LABELS,
      }),
    );
  }
  if (types.includes('relational_database') || types.includes('cache')) blocks.push(...privateServices());
  if (types.includes('relational_database')) blocks.push(...cloudSql(request));
  if (types.includes('cache')) {
    blocks.push(
      variable('redis_tier', 'string', 'STANDARD_HA (a replica in another zone) or BASIC.'),
      variable('redis_memory_gb', 'number', 'The cache size.'),
      resource('google_redis_instance', 'main', {
        name: named(), project: PROJECT, region: REGION, tier: ref('var.redis_tier'), memory_size_gb: ref('var.redis_memory_gb'), redis_version: 'REDIS_7_2',
        authorized_network: ref('var.network_id'), connect_mode: 'PRIVATE_SERVICE_ACCESS', transit_encryption_mode: 'SERVER_AUTHENTICATION', auth_enabled: true, labels: LABELS,
        depends_on: [ref('google_service_networking_connection.private_services')],
      }),
    );
  }
  return blocks;
}
