import type { CloudSpec, EnvironmentType } from '@jetway/contracts';
import type { TerraformProvider } from '../generate-terraform';
import { nested, ref, type Value } from '../hcl-writer';
import { computeLayer, observabilityLayer } from './azure-compute';
import { dataLayer } from './azure-data';
import { networkLayer, securityLayer } from './azure-network-security';
import { ENVIRONMENT_CIDRS, productionLike } from '../environments';

/** The azurerm provider the generated code is written for (and its specs check arguments against). */
export const AZURERM_VERSION = '~> 4.55';

/** What differs between Azure environments: the parameters only (the spec's environment parity). */
function parameters(request: CloudSpec, environment: EnvironmentType): Record<string, Value> {
  const production = productionLike(environment);
  const performance = request.application_requirements.compute.performance === 'high';
  return {
    name: request.stack,
    environment,
    location: environment === 'dr' ? 'northeurope' : 'westeurope',
    tags: { owner: request.requested_by, environment, cost_center: request.stack },
    address_space: ENVIRONMENT_CIDRS[environment],
    management_cidr: '10.0.100.0/24',
    storage_replication: production ? 'GZRS' : 'ZRS',
    postgres_sku: production ? 'GP_Standard_D4ds_v5' : 'GP_Standard_D2ds_v5',
    postgres_high_availability: production ? 'ZoneRedundant' : 'SameZone',
    backup_retention_days: production ? 35 : 7,
    redis_sku: production ? 'Premium' : 'Standard',
    redis_family: production ? 'P' : 'C',
    redis_capacity: 1,
    vm_sku: performance ? 'Standard_D4s_v5' : 'Standard_D2s_v5',
    zone_redundant: production,
    function_plan_sku: production ? 'EP2' : 'EP1',
    log_retention_days: production ? 365 : 90,
    // What only the subscription knows: named plainly, so a plan fails on them rather than guessing.
    subscription_id: 'REPLACE-ME: the Azure subscription id',
    image_id: 'REPLACE-ME: the image id of the Packer build',
    ssh_public_key: 'REPLACE-ME: the admin public key (ssh-ed25519 …)',
    container_image: 'REPLACE-ME: the application image (registry/name@sha256:…)',
  };
}

/** Terraform's name rules for a state storage account: 3–24 lowercase letters and digits. */
const stateAccount = (stack: string) => `${stack.toLowerCase().replace(/[^a-z0-9]/g, '')}tfstate`.slice(0, 24);

export const AZURE: TerraformProvider = {
  layer(request, layer) {
    switch (layer) {
      case 'network': return networkLayer(request);
      case 'security': return securityLayer(request);
      case 'data': return dataLayer(request);
      case 'compute': return computeLayer(request);
      case 'observability': return observabilityLayer(request);
    }
  },
  parameters,
  rootVariables: ['subscription_id'],
  wiring: {
    resource_group_name: 'module.network.resource_group_name',
    subnet_ids: 'module.network.subnet_ids',
    app_subnet_id: 'module.network.app_subnet_id',
    data_subnet_id: 'module.network.data_subnet_id',
    postgres_subnet_id: 'module.network.postgres_subnet_id',
    postgres_dns_zone_id: 'module.network.postgres_dns_zone_id',
    container_apps_subnet_id: 'module.network.container_apps_subnet_id',
    functions_subnet_id: 'module.network.functions_subnet_id',
    tenant_id: 'module.security.tenant_id',
    key_vault_id: 'module.security.key_vault_id',
    key_vault_key_id: 'module.security.key_vault_key_id',
    encryption_identity_id: 'module.security.encryption_identity_id',
    storage_account_id: 'module.data.storage_account_id',
    postgres_server_id: 'module.data.postgres_server_id',
    log_analytics_workspace_id: 'module.observability.log_analytics_workspace_id',
  },
  root: (request: CloudSpec) => [
    {
      type: 'terraform',
      labels: [],
      body: {
        required_version: '>= 1.10, < 2.0',
        required_providers: nested({ azurerm: { source: 'hashicorp/azurerm', version: AZURERM_VERSION } }),
        // The same backend in every root (parity): each environment's state is the workspace named as it.
        'backend "azurerm"': nested({ resource_group_name: `${request.stack}-tfstate`, storage_account_name: stateAccount(request.stack), container_name: 'tfstate', key: `${request.stack}.tfstate`, use_azuread_auth: true }),
      },
    },
    {
      type: 'provider',
      labels: ['azurerm'],
      body: {
        subscription_id: ref('var.subscription_id'),
        storage_use_azuread: true,
        features: nested({ key_vault: nested({ purge_soft_delete_on_destroy: false, recover_soft_deleted_key_vaults: true }), resource_group: nested({ prevent_deletion_if_contains_resources: true }) }),
      },
    },
  ],
};
