import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block, type Body } from '../hcl-writer';
import { COMMON, ENCRYPTION_VARIABLES, LOCATION, RG, TAGS, deleteLock, output, resource, secureStorageAccount, variable } from './azure-blocks';

const NAME = ref('"${var.name}-${var.environment}"');

/** A VM scale set from the Packer image, SSH keys only, encrypted at host, spread over zones, scaled on CPU. */
function scaleSet(request: CloudSpec): Block[] {
  const { min, max, target_cpu_percent: target } = request.application_requirements.compute.scaling;
  const cpuRule = (operator: 'GreaterThan' | 'LessThan', threshold: number, direction: 'Increase' | 'Decrease'): Body => ({
    metric_trigger: nested({ metric_name: 'Percentage CPU', metric_resource_id: ref('azurerm_linux_virtual_machine_scale_set.app.id'), time_grain: 'PT1M', statistic: 'Average', time_window: 'PT5M', time_aggregation: 'Average', operator, threshold }),
    scale_action: nested({ direction, type: 'ChangeCount', value: '1', cooldown: 'PT5M' }),
  });
  return [
    variable('vm_sku', 'string', 'The VM size.'),
    variable('image_id', 'string', 'The image (from the Packer build).'),
    variable('ssh_public_key', 'string', 'The public key of the admin user (no passwords).'),
    resource('azurerm_linux_virtual_machine_scale_set', 'app', {
      name: NAME, resource_group_name: RG, location: LOCATION, sku: ref('var.vm_sku'), instances: min,
      source_image_id: ref('var.image_id'), admin_username: 'azureuser', disable_password_authentication: true,
      admin_ssh_key: nested({ username: 'azureuser', public_key: ref('var.ssh_public_key') }),
      encryption_at_host_enabled: true, secure_boot_enabled: true, vtpm_enabled: true, zones: ['1', '2', '3'], upgrade_mode: 'Rolling',
      rolling_upgrade_policy: nested({ max_batch_instance_percent: 20, max_unhealthy_instance_percent: 20, max_unhealthy_upgraded_instance_percent: 20, pause_time_between_batches: 'PT1M' }),
      os_disk: nested({ caching: 'ReadWrite', storage_account_type: 'Premium_ZRS' }),
      network_interface: nested({ name: 'app', primary: true, ip_configuration: nested({ name: 'internal', primary: true, subnet_id: ref('var.app_subnet_id') }) }),
      tags: TAGS,
    }),
    resource('azurerm_monitor_autoscale_setting', 'app', {
      name: NAME, resource_group_name: RG, location: LOCATION, target_resource_id: ref('azurerm_linux_virtual_machine_scale_set.app.id'),
      profile: nested({ name: 'cpu', capacity: nested({ default: min, minimum: min, maximum: max }), rule: nested(cpuRule('GreaterThan', target, 'Increase'), cpuRule('LessThan', Math.floor(target / 2), 'Decrease')) }),
      tags: TAGS,
    }),
  ];
}

/** A Container Apps environment in its own subnet (internal unless external access is asked) and the app. */
function containerApp(request: CloudSpec): Block[] {
  const { scaling } = request.application_requirements.compute;
  const external = request.application_requirements.networking.external_access;
  return [
    variable('container_apps_subnet_id', 'string', 'The subnet delegated to Container Apps.'),
    variable('log_analytics_workspace_id', 'string', 'The workspace the apps log to.'),
    variable('container_image', 'string', 'The application image.'),
    variable('zone_redundant', 'bool', 'Replicas spread over zones (production: true).'),
    resource('azurerm_container_app_environment', 'main', {
      name: NAME, resource_group_name: RG, location: LOCATION, log_analytics_workspace_id: ref('var.log_analytics_workspace_id'),
      infrastructure_subnet_id: ref('var.container_apps_subnet_id'), internal_load_balancer_enabled: !external, zone_redundancy_enabled: ref('var.zone_redundant'), tags: TAGS,
    }),
    resource('azurerm_container_app', 'app', {
      name: ref('"${var.name}-${var.environment}-app"'), resource_group_name: RG, container_app_environment_id: ref('azurerm_container_app_environment.main.id'), revision_mode: 'Single',
      template: nested({ min_replicas: scaling.min, max_replicas: scaling.max, container: nested({ name: 'app', image: ref('var.container_image'), cpu: 0.5, memory: '1Gi' }) }),
      ingress: nested({ external_enabled: external, target_port: 8080, allow_insecure_connections: false, traffic_weight: nested({ percentage: 100, latest_revision: true }) }),
      tags: TAGS,
    }),
  ];
}

/** A Linux function app on a premium plan, HTTPS and TLS 1.2 only, its storage reached by managed identity. */
function functionApp(request: CloudSpec): Block[] {
  const external = request.application_requirements.networking.external_access;
  return [
    ...ENCRYPTION_VARIABLES,
    variable('functions_subnet_id', 'string', 'The subnet delegated to the function plan.'),
    variable('function_plan_sku', 'string', 'The plan (EP1 and up: VNet integration).'),
    secureStorageAccount('functions', 'fn', 'ZRS'),
    deleteLock('functions_storage', 'azurerm_storage_account.functions.id'),
    resource('azurerm_service_plan', 'functions', { name: NAME, resource_group_name: RG, location: LOCATION, os_type: 'Linux', sku_name: ref('var.function_plan_sku'), tags: TAGS }),
    resource('azurerm_linux_function_app', 'app', {
      name: ref('"${var.name}-${var.environment}-fn"'), resource_group_name: RG, location: LOCATION, service_plan_id: ref('azurerm_service_plan.functions.id'),
      storage_account_name: ref('azurerm_storage_account.functions.name'), storage_uses_managed_identity: true, https_only: true, public_network_access_enabled: external,
      ftp_publish_basic_authentication_enabled: false, webdeploy_publish_basic_authentication_enabled: false, virtual_network_subnet_id: ref('var.functions_subnet_id'),
      identity: nested({ type: 'SystemAssigned' }),
      site_config: nested({ minimum_tls_version: '1.2', ftps_state: 'Disabled', http2_enabled: true, vnet_route_all_enabled: true, application_stack: nested({ node_version: '20' }) }),
      tags: TAGS,
    }),
    resource('azurerm_role_assignment', 'functions_storage', { scope: ref('azurerm_storage_account.functions.id'), role_definition_name: 'Storage Blob Data Owner', principal_id: ref('azurerm_linux_function_app.app.identity[0].principal_id') }),
  ];
}

/** Compute as the request asks: a VM scale set, Container Apps, or a function app (hybrid: VMs and containers). */
export function computeLayer(request: CloudSpec): Block[] {
  const type = request.application_requirements.compute.type;
  return [
    ...COMMON,
    variable('resource_group_name', 'string', 'The resource group of the network layer.'),
    ...(type === 'vms' || type === 'hybrid' ? [variable('app_subnet_id', 'string', 'The subnet the application runs in.'), ...scaleSet(request)] : []),
    ...(type === 'containers' || type === 'hybrid' ? containerApp(request) : []),
    ...(type === 'serverless' ? functionApp(request) : []),
  ];
}

/** Log Analytics, the subscription's activity log (the audit trail) and the diagnostic logs of the vault and data services. */
export function observabilityLayer(request: CloudSpec): Block[] {
  const types = request.application_requirements.storage.types;
  const diagnostics = (name: string, target: string, group: string): Block =>
    resource('azurerm_monitor_diagnostic_setting', name, { name: ref(`"\${var.name}-${name.replace(/_/g, '-')}"`), target_resource_id: ref(target), log_analytics_workspace_id: ref('azurerm_log_analytics_workspace.main.id'), enabled_log: nested({ category_group: group }), enabled_metric: nested({ category: 'AllMetrics' }) });
  return [
    ...COMMON,
    variable('resource_group_name', 'string', 'The resource group of the network layer.'),
    variable('key_vault_id', 'string', 'The vault whose access is audited.'),
    variable('log_retention_days', 'number', 'Days logs are kept (90 or more).'),
    { type: 'data', labels: ['azurerm_client_config', 'current'], body: {} },
    resource('azurerm_log_analytics_workspace', 'main', { name: NAME, resource_group_name: RG, location: LOCATION, sku: 'PerGB2018', retention_in_days: ref('var.log_retention_days'), local_authentication_enabled: false, tags: TAGS }),
    resource('azurerm_monitor_diagnostic_setting', 'activity_log', {
      name: ref('"${var.name}-${var.environment}-activity-log"'),
      target_resource_id: ref('"/subscriptions/${data.azurerm_client_config.current.subscription_id}"'),
      log_analytics_workspace_id: ref('azurerm_log_analytics_workspace.main.id'),
      enabled_log: nested(...['Administrative', 'Security', 'Policy', 'Alert'].map((category) => ({ category }))),
    }),
    diagnostics('key_vault', 'var.key_vault_id', 'audit'),
    ...(types.includes('relational_database') ? [variable('postgres_server_id', 'string', 'The database whose logs are kept.'), diagnostics('postgres', 'var.postgres_server_id', 'allLogs')] : []),
    ...(types.includes('object') ? [variable('storage_account_id', 'string', 'The storage account whose blob access is audited.'), diagnostics('storage', '"${var.storage_account_id}/blobServices/default"', 'audit')] : []),
    output('log_analytics_workspace_id', 'azurerm_log_analytics_workspace.main.id'),
  ];
}
