import type { CiInfrastructureSpec } from '@jetway/contracts';
import { COMMON, ENCRYPTION_VARIABLES, LOCATION, RG, TAGS, deleteLock, output, resource, secureStorageAccount, variable } from '../azure/azure-blocks';
import { nested, ref, type Block } from '../hcl-writer';
import { CI_CIDR, RUNNER_IMAGE, type CiLayers } from './ci-layers';

// The CI/CD infrastructure on Azure: a NAT gateway, a storage account for artifacts and a Premium
// container registry (both reached through private endpoints only), and a VM scale set of runners —
// beside the network, Key Vault and activity log of the provider's own layers.

const NAME = (suffix: string) => ref(`"\${var.name}-\${var.environment}-${suffix}"`);
const RESOURCE_GROUP = variable('resource_group_name', 'string', 'The resource group of the network layer.');

/** A private endpoint for `target`'s `subresource`, registered in the private DNS zone `zone` linked to the virtual network. */
function privateEndpoint(name: string, target: string, subresource: string, zone: string): Block[] {
  return [
    resource('azurerm_private_dns_zone', name, { name: zone, resource_group_name: RG, tags: TAGS }),
    resource('azurerm_private_dns_zone_virtual_network_link', name, { name: NAME(name.replace(/_/g, '-')), private_dns_zone_name: ref(`azurerm_private_dns_zone.${name}.name`), resource_group_name: RG, virtual_network_id: ref('var.vnet_id'), registration_enabled: false, tags: TAGS }),
    resource('azurerm_private_endpoint', name, {
      name: NAME(name.replace(/_/g, '-')), resource_group_name: RG, location: LOCATION, subnet_id: ref('var.app_subnet_id'),
      private_service_connection: nested({ name, private_connection_resource_id: ref(target), is_manual_connection: false, subresource_names: [subresource] }),
      private_dns_zone_group: nested({ name, private_dns_zone_ids: [ref(`azurerm_private_dns_zone.${name}.id`)] }),
      tags: TAGS,
    }),
  ];
}

const ENDPOINT_VARIABLES = [variable('vnet_id', 'string', 'The virtual network the private DNS zones are linked to.'), variable('app_subnet_id', 'string', 'The subnet the runners and the private endpoints are in.')];

/** A NAT gateway on the runners' subnet: they reach their CI server through its one static address; nothing reaches them. */
function egress(): Block[] {
  return [
    ...COMMON,
    RESOURCE_GROUP,
    variable('app_subnet_id', 'string', 'The subnet the runners run in.'),
    resource('azurerm_public_ip', 'nat', { name: NAME('nat'), resource_group_name: RG, location: LOCATION, allocation_method: 'Static', sku: 'Standard', zones: ['1'], tags: TAGS }),
    resource('azurerm_nat_gateway', 'main', { name: NAME('nat'), resource_group_name: RG, location: LOCATION, sku_name: 'Standard', idle_timeout_in_minutes: 10, zones: ['1'], tags: TAGS }),
    resource('azurerm_nat_gateway_public_ip_association', 'main', { nat_gateway_id: ref('azurerm_nat_gateway.main.id'), public_ip_address_id: ref('azurerm_public_ip.nat.id') }),
    resource('azurerm_subnet_nat_gateway_association', 'runners', { subnet_id: ref('var.app_subnet_id'), nat_gateway_id: ref('azurerm_nat_gateway.main.id') }),
  ];
}

/** The artifact account: the secure storage account every module writes, a private container, a delete lock, blobs expiring after the retention. */
function artifacts(): Block[] {
  return [
    ...COMMON,
    ...ENCRYPTION_VARIABLES,
    ...ENDPOINT_VARIABLES,
    RESOURCE_GROUP,
    variable('storage_replication', 'string', 'ZRS, or GZRS where artifacts must outlive a region.'),
    variable('artifact_retention_days', 'number', 'Days a build artifact is kept.'),
    secureStorageAccount('artifacts', 'art', ref('var.storage_replication')),
    resource('azurerm_storage_container', 'artifacts', { name: 'artifacts', storage_account_id: ref('azurerm_storage_account.artifacts.id'), container_access_type: 'private' }),
    deleteLock('artifacts', 'azurerm_storage_account.artifacts.id'),
    resource('azurerm_storage_management_policy', 'artifacts', {
      storage_account_id: ref('azurerm_storage_account.artifacts.id'),
      rule: nested({
        name: 'expire-artifacts', enabled: true,
        filters: nested({ blob_types: ['blockBlob'], prefix_match: ['artifacts/'] }),
        actions: nested({ base_blob: nested({ delete_after_days_since_modification_greater_than: ref('var.artifact_retention_days') }), version: nested({ delete_after_days_since_creation: ref('var.artifact_retention_days') }) }),
      }),
    }),
    ...privateEndpoint('artifacts_blob', 'azurerm_storage_account.artifacts.id', 'blob', 'privatelink.blob.core.windows.net'),
    output('storage_account_id', 'azurerm_storage_account.artifacts.id'),
  ];
}

/**
 * A Premium registry: no admin user, no anonymous pulls, no public network (a private endpoint),
 * no export, encrypted with the customer key through an identity of its own, untagged manifests
 * kept the retention (365 days at most).
 */
function registry(): Block[] {
  return [
    ...COMMON,
    ...ENDPOINT_VARIABLES,
    RESOURCE_GROUP,
    variable('key_vault_id', 'string', 'The vault of the customer key.'),
    variable('key_vault_key_id', 'string', 'The customer key (versionless id).'),
    variable('artifact_retention_days', 'number', 'Days an untagged manifest is kept (at most 365).'),
    resource('azurerm_user_assigned_identity', 'registry', { name: NAME('registry'), resource_group_name: RG, location: LOCATION, tags: TAGS }),
    resource('azurerm_role_assignment', 'registry_key', { scope: ref('var.key_vault_id'), role_definition_name: 'Key Vault Crypto Service Encryption User', principal_id: ref('azurerm_user_assigned_identity.registry.principal_id') }),
    resource('azurerm_container_registry', 'main', {
      name: ref('substr(replace(lower("${var.name}${var.environment}"), "/[^a-z0-9]/", ""), 0, 50)'), resource_group_name: RG, location: LOCATION, sku: 'Premium',
      admin_enabled: false, anonymous_pull_enabled: false, public_network_access_enabled: false, export_policy_enabled: false, data_endpoint_enabled: true,
      network_rule_bypass_option: 'AzureServices', zone_redundancy_enabled: true, retention_policy_in_days: ref('min(var.artifact_retention_days, 365)'),
      identity: nested({ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.registry.id')] }),
      encryption: nested({ key_vault_key_id: ref('var.key_vault_key_id'), identity_client_id: ref('azurerm_user_assigned_identity.registry.client_id') }),
      tags: TAGS,
      depends_on: [ref('azurerm_role_assignment.registry_key')],
    }),
    ...privateEndpoint('registry', 'azurerm_container_registry.main.id', 'registry', 'privatelink.azurecr.io'),
    output('registry_id', 'azurerm_container_registry.main.id'),
    output('registry_login_server', 'azurerm_container_registry.main.login_server'),
  ];
}

/**
 * Self-hosted runners: a scale set of `runner_count` instances in the private subnet, no public
 * IP, SSH keys only, encrypted at host, Secure Boot and vTPM, spread over zones, running as an
 * identity that may write the artifacts and (with a registry) push images.
 */
function runners(spec: CiInfrastructureSpec): Block[] {
  const grant = (name: string, scope: string, role: string): Block => resource('azurerm_role_assignment', name, { scope: ref(scope), role_definition_name: role, principal_id: ref('azurerm_user_assigned_identity.runner.principal_id') });
  return [
    ...COMMON,
    RESOURCE_GROUP,
    variable('app_subnet_id', 'string', 'The subnet the runners run in.'),
    variable('runner_count', 'number', 'Runners always up.'),
    variable('runner_vm_sku', 'string', 'The runner VM size.'),
    variable('runner_image_id', 'string', 'The image with the CI platform agent.'),
    variable('ssh_public_key', 'string', 'The public key of the admin user (no passwords).'),
    variable('storage_account_id', 'string', 'The artifact storage account.'),
    ...(spec.container_registries ? [variable('registry_id', 'string', 'The container registry.')] : []),
    resource('azurerm_user_assigned_identity', 'runner', { name: NAME('runner'), resource_group_name: RG, location: LOCATION, tags: TAGS }),
    grant('runner_artifacts', 'var.storage_account_id', 'Storage Blob Data Contributor'),
    ...(spec.container_registries ? [grant('runner_registry', 'var.registry_id', 'AcrPush')] : []),
    resource('azurerm_linux_virtual_machine_scale_set', 'runner', {
      name: NAME('runners'), resource_group_name: RG, location: LOCATION, sku: ref('var.runner_vm_sku'), instances: ref('var.runner_count'),
      source_image_id: ref('var.runner_image_id'), admin_username: 'azureuser', disable_password_authentication: true,
      admin_ssh_key: nested({ username: 'azureuser', public_key: ref('var.ssh_public_key') }),
      encryption_at_host_enabled: true, secure_boot_enabled: true, vtpm_enabled: true, zones: ['1', '2', '3'], upgrade_mode: 'Manual',
      os_disk: nested({ caching: 'ReadWrite', storage_account_type: 'Premium_ZRS', disk_size_gb: 128 }),
      network_interface: nested({ name: 'runner', primary: true, ip_configuration: nested({ name: 'internal', primary: true, subnet_id: ref('var.app_subnet_id') }) }),
      identity: nested({ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.runner.id')] }),
      tags: TAGS,
    }),
    output('runner_scale_set_id', 'azurerm_linux_virtual_machine_scale_set.runner.id'),
  ];
}

export const AZURE_CI: CiLayers = {
  egress,
  artifacts,
  registry,
  runners,
  parameters: (spec, environment) => ({
    address_space: CI_CIDR[environment],
    ...(spec.region && { location: spec.region }),
    runner_count: spec.ci_runners.count,
    runner_vm_sku: spec.ci_runners.instance_type ?? 'Standard_D2s_v5',
    runner_image_id: RUNNER_IMAGE,
    artifact_retention_days: spec.artifact_storage.retention_days,
  }),
  wiring: { vnet_id: 'module.network.vnet_id', storage_account_id: 'module.artifacts.storage_account_id', registry_id: 'module.registry.registry_id' },
};
