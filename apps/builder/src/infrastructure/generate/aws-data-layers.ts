import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block } from './hcl-writer';

const TAGS = ref('var.tags');
const variable = (name: string, type: string, description: string): Block => ({ type: 'variable', labels: [name], body: { type: ref(type), description } });
const COMMON = [variable('name', 'string', 'The stack name.'), variable('environment', 'string', 'The environment.'), variable('tags', 'map(string)', 'Required tags.'), variable('kms_key_arn', 'string', 'The customer key.')];

/** Object storage (encrypted, versioned, never public), a relational database and a cache, as the request's storage types ask. */
export function dataLayer(request: CloudSpec): Block[] {
  const types = request.application_requirements.storage.types;
  const blocks: Block[] = [...COMMON, variable('multi_az', 'bool', 'Databases in two zones (production: true).'), variable('db_instance_class', 'string', 'The database size.'), variable('backup_retention_days', 'number', 'Database backups kept (>= 7).')];
  if (types.includes('object')) {
    blocks.push(
      { type: 'resource', labels: ['aws_s3_bucket', 'data'], body: { bucket: ref('"${var.name}-${var.environment}-data"'), tags: TAGS } },
      { type: 'resource', labels: ['aws_s3_bucket_server_side_encryption_configuration', 'data'], body: { bucket: ref('aws_s3_bucket.data.id'), rule: nested({ apply_server_side_encryption_by_default: nested({ sse_algorithm: 'aws:kms', kms_master_key_id: ref('var.kms_key_arn') }) }) } },
      { type: 'resource', labels: ['aws_s3_bucket_versioning', 'data'], body: { bucket: ref('aws_s3_bucket.data.id'), versioning_configuration: nested({ status: 'Enabled' }) } },
      { type: 'resource', labels: ['aws_s3_bucket_public_access_block', 'data'], body: { bucket: ref('aws_s3_bucket.data.id'), block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } },
    );
  }
  if (types.includes('relational_database')) {
    const capacity = request.application_requirements.storage.capacity;
    const gb = capacity ? Math.ceil(Number.parseFloat(capacity) * (/TB/i.test(capacity) ? 1024 : 1)) : 20;
    blocks.push({
      type: 'resource',
      labels: ['aws_db_instance', 'main'],
      body: {
        identifier: ref('"${var.name}-${var.environment}"'), engine: 'postgres', engine_version: '16', instance_class: ref('var.db_instance_class'), allocated_storage: gb,
        storage_encrypted: true, kms_key_id: ref('var.kms_key_arn'), publicly_accessible: false, multi_az: ref('var.multi_az'), deletion_protection: true,
        backup_retention_period: ref('var.backup_retention_days'), manage_master_user_password: true, username: 'app', skip_final_snapshot: false,
        final_snapshot_identifier: ref('"${var.name}-${var.environment}-final"'), tags: TAGS,
      },
    });
  }
  if (types.includes('cache')) {
    blocks.push({ type: 'resource', labels: ['aws_elasticache_replication_group', 'main'], body: { replication_group_id: ref('"${var.name}-${var.environment}"'), description: 'cache', node_type: 'cache.t3.small', num_cache_clusters: 2, transit_encryption_enabled: true, at_rest_encryption_enabled: true, kms_key_id: ref('var.kms_key_arn'), tags: TAGS } });
  }
  return blocks;
}

/** Compute as the request asks: containers (EKS), VMs, or serverless functions. */
export function computeLayer(request: CloudSpec): Block[] {
  const { type, scaling } = request.application_requirements.compute;
  const blocks: Block[] = [...COMMON, variable('subnet_ids', 'list(string)', 'Private subnets.'), variable('security_group_id', 'string', 'The app security group.'), variable('instance_type', 'string', 'The VM size.')];
  if (type === 'containers' || type === 'hybrid') {
    blocks.push({ type: 'resource', labels: ['aws_eks_cluster', 'main'], body: { name: ref('"${var.name}-${var.environment}"'), role_arn: ref('var.cluster_role_arn'), vpc_config: nested({ subnet_ids: ref('var.subnet_ids'), endpoint_public_access: false, endpoint_private_access: true }), encryption_config: nested({ resources: ['secrets'], provider: nested({ key_arn: ref('var.kms_key_arn') }) }), enabled_cluster_log_types: ['api', 'audit'], tags: TAGS } });
    blocks.push(variable('cluster_role_arn', 'string', 'The IAM role of the EKS control plane.'));
  }
  if (type === 'vms' || type === 'hybrid') {
    blocks.push({ type: 'resource', labels: ['aws_instance', 'app'], body: { count: scaling.min, ami: ref('var.ami_id'), instance_type: ref('var.instance_type'), subnet_id: ref('var.subnet_ids[0]'), vpc_security_group_ids: [ref('var.security_group_id')], metadata_options: nested({ http_tokens: 'required' }), root_block_device: nested({ encrypted: true, kms_key_id: ref('var.kms_key_arn') }), tags: TAGS } });
    blocks.push(variable('ami_id', 'string', 'The image (from the Packer build).'));
  }
  if (type === 'serverless') {
    blocks.push({ type: 'resource', labels: ['aws_lambda_function', 'app'], body: { function_name: ref('"${var.name}-${var.environment}"'), role: ref('var.function_role_arn'), runtime: 'nodejs20.x', handler: 'index.handler', filename: 'function.zip', kms_key_arn: ref('var.kms_key_arn'), tracing_config: nested({ mode: 'Active' }), tags: TAGS } });
    blocks.push(variable('function_role_arn', 'string', 'The IAM role of the function.'));
  }
  return blocks;
}

/** The audit trail and the application's logs. */
export function observabilityLayer(): Block[] {
  return [
    ...COMMON,
    variable('trail_bucket', 'string', 'The bucket the audit trail is written to.'),
    { type: 'resource', labels: ['aws_cloudtrail', 'main'], body: { name: ref('"${var.name}-${var.environment}"'), s3_bucket_name: ref('var.trail_bucket'), is_multi_region_trail: true, enable_log_file_validation: true, kms_key_id: ref('var.kms_key_arn'), tags: TAGS } },
    { type: 'resource', labels: ['aws_cloudwatch_log_group', 'app'], body: { name: ref('"/app/${var.name}/${var.environment}"'), retention_in_days: 365, kms_key_id: ref('var.kms_key_arn'), tags: TAGS } },
  ];
}
