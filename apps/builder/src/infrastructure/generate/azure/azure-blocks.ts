import { nested, ref, type Block, type Body, type Value } from '../hcl-writer';

// What every Azure module shares: its common variables and the secure storage account all of them use.

export const TAGS = ref('var.tags');
export const RG = ref('var.resource_group_name');
export const LOCATION = ref('var.location');

export const variable = (name: string, type: string, description: string): Block => ({ type: 'variable', labels: [name], body: { type: ref(type), description } });
export const resource = (type: string, name: string, body: Body): Block => ({ type: 'resource', labels: [type, name], body });
export const output = (name: string, value: string): Block => ({ type: 'output', labels: [name], body: { value: ref(value) } });

export const COMMON = [
  variable('name', 'string', 'The stack name: prefixes every resource.'),
  variable('environment', 'string', 'development, staging, production or dr.'),
  variable('location', 'string', 'The Azure region.'),
  variable('tags', 'map(string)', 'owner, environment, cost_center: required on every resource.'),
];

/** A name Azure accepts for a storage account: 3–24 lowercase letters and digits. */
export const storageAccountName = (suffix: string): Value => ref(`substr(replace(lower("\${var.name}\${var.environment}${suffix}"), "/[^a-z0-9]/", ""), 0, 24)`);

/**
 * A storage account as every module writes one: HTTPS and TLS 1.2 only, no public blobs, no shared
 * keys (Entra ID only), infrastructure encryption plus the customer key, soft delete and versioning.
 */
export function secureStorageAccount(name: string, suffix: string, replication: Value, extra: Body = {}): Block {
  return resource('azurerm_storage_account', name, {
    name: storageAccountName(suffix),
    resource_group_name: RG,
    location: LOCATION,
    account_kind: 'StorageV2',
    account_tier: 'Standard',
    account_replication_type: replication,
    https_traffic_only_enabled: true,
    min_tls_version: 'TLS1_2',
    allow_nested_items_to_be_public: false,
    shared_access_key_enabled: false,
    default_to_oauth_authentication: true,
    infrastructure_encryption_enabled: true,
    public_network_access_enabled: false,
    identity: nested({ type: 'UserAssigned', identity_ids: [ref('var.encryption_identity_id')] }),
    customer_managed_key: nested({ key_vault_key_id: ref('var.key_vault_key_id'), user_assigned_identity_id: ref('var.encryption_identity_id') }),
    blob_properties: nested({ versioning_enabled: true, delete_retention_policy: nested({ days: 30 }), container_delete_retention_policy: nested({ days: 30 }) }),
    network_rules: nested({ default_action: 'Deny', bypass: ['AzureServices'] }),
    ...extra,
    tags: TAGS,
  });
}

/** The variables a module with a secure storage account needs (the key and the identity that reads it). */
export const ENCRYPTION_VARIABLES = [
  variable('key_vault_key_id', 'string', 'The customer key (versionless id) that encrypts data at rest.'),
  variable('encryption_identity_id', 'string', 'The user-assigned identity allowed to use the customer key.'),
];

/** A `CanNotDelete` lock on a resource: Azure's deletion protection. */
export const deleteLock = (name: string, scope: string): Block =>
  resource('azurerm_management_lock', name, { name: ref(`"\${var.name}-\${var.environment}-${name.replace(/_/g, '-')}"`), scope: ref(scope), lock_level: 'CanNotDelete', notes: 'Deleting this needs the lock removed first, through the review gate.' });
