// Resource kinds whose destruction loses data or access for good: destroying one (a delete, or
// either order of replace) needs a second approver at the review gate. Matched on Terraform's
// resource type; for messaging, a deleted or replaced stream or KV bucket (its messages go).

/** The protected Terraform resource types, by what they hold; `*` rules are patterns below. */
export const PROTECTED_TYPES = {
  databases: [
    'aws_db_instance', 'aws_rds_cluster', 'aws_rds_global_cluster', 'aws_dynamodb_table', 'aws_docdb_cluster', 'aws_neptune_cluster',
    'aws_redshift_cluster', 'aws_elasticache_replication_group', 'google_sql_database_instance', 'google_sql_database', 'google_spanner_instance',
    'google_spanner_database', 'google_bigtable_instance', 'google_firestore_database', 'google_alloydb_cluster',
  ],
  buckets: ['aws_s3_bucket', 'aws_efs_file_system', 'aws_ebs_volume', 'azurerm_storage_account', 'azurerm_storage_container', 'google_storage_bucket', 'google_compute_disk'],
  keys: ['aws_kms_key', 'aws_kms_replica_key'],
} as const;

const EXACT = new Set<string>(Object.values(PROTECTED_TYPES).flat());

/** Azure databases (`azurerm_mssql_server`, `azurerm_postgresql_flexible_server`, `azurerm_cosmosdb_account`…), not their rules and settings. */
const AZURE_DATABASE = /^azurerm_\w*(sql|postgresql|mysql|mariadb|cosmosdb)\w*_(server|database|flexible_server|managed_instance|managed_database|account|elasticpool)$/;
/** Azure Key Vault and Google KMS resources, not the IAM bindings on them. */
const KEY_FAMILIES = /^(azurerm_key_vault|google_kms_)/;

/** True when destroying a resource of this Terraform type needs a second approver. */
export function isProtectedType(type: string): boolean {
  if (EXACT.has(type) || AZURE_DATABASE.test(type)) return true;
  return KEY_FAMILIES.test(type) && !/_iam_|_access_policy$/.test(type);
}

/** Terraform actions that destroy the object (forget leaves it running). */
export function destroys(action: string): boolean {
  return action === 'delete' || action === 'delete-then-create' || action === 'create-then-delete';
}
