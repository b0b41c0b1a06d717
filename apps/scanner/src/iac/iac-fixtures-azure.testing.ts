/** A small Azure configuration every IaC rule passes: the base each planted misconfiguration edits. */
export const CLEAN_AZURE_TF = `terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.55"
    }
  }
}

variable "admin_password" {
  type      = string
  sensitive = true
}

resource "azurerm_resource_group" "main" {
  name     = "shop-production"
  location = "westeurope"
  tags     = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_virtual_network" "main" {
  name                = "shop"
  resource_group_name = azurerm_resource_group.main.name
  location            = "westeurope"
  address_space       = ["10.20.0.0/16"]
  tags                = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_network_watcher_flow_log" "vnet" {
  name                 = "vnet"
  network_watcher_name = "watcher"
  resource_group_name  = azurerm_resource_group.main.name
  target_resource_id   = azurerm_virtual_network.main.id
  storage_account_id   = azurerm_storage_account.data.id
  enabled              = true
  retention_policy {
    enabled = true
    days    = 365
  }
}

resource "azurerm_network_security_group" "app" {
  name                = "app"
  resource_group_name = azurerm_resource_group.main.name
  location            = "westeurope"
  security_rule {
    name                       = "https-in"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "ssh-from-management"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "10.0.100.0/24"
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "rdp" {
  name                        = "rdp-from-bastion"
  priority                    = 120
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefix       = "10.0.200.0/26"
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.main.name
  network_security_group_name = azurerm_network_security_group.app.name
}

resource "azurerm_storage_account" "data" {
  name                            = "shopproductiondata"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GZRS"
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  customer_managed_key {
    key_vault_key_id          = azurerm_key_vault_key.data.versionless_id
    user_assigned_identity_id = "/subscriptions/0000/resourceGroups/shop/providers/Microsoft.ManagedIdentity/userAssignedIdentities/encryption"
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_storage_container" "data" {
  name                  = "data"
  storage_account_id    = azurerm_storage_account.data.id
  container_access_type = "private"
}

resource "azurerm_management_lock" "storage" {
  name       = "storage"
  scope      = azurerm_storage_account.data.id
  lock_level = "CanNotDelete"
}

resource "azurerm_postgresql_flexible_server" "orders" {
  name                          = "shop-orders"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  version                       = "16"
  sku_name                      = "GP_Standard_D2ds_v5"
  storage_mb                    = 131072
  backup_retention_days         = 14
  public_network_access_enabled = false
  delegated_subnet_id           = "/subscriptions/0000/resourceGroups/shop/providers/Microsoft.Network/virtualNetworks/shop/subnets/postgres"
  high_availability {
    mode = "ZoneRedundant"
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_postgresql_flexible_server_configuration" "require_tls" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.orders.id
  value     = "on"
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "office" {
  name             = "office"
  server_id        = azurerm_postgresql_flexible_server.orders.id
  start_ip_address = "203.0.113.10"
  end_ip_address   = "203.0.113.20"
}

resource "azurerm_management_lock" "database" {
  name       = "database"
  scope      = azurerm_postgresql_flexible_server.orders.id
  lock_level = "CanNotDelete"
}

resource "azurerm_redis_cache" "sessions" {
  name                 = "shop-sessions"
  resource_group_name  = azurerm_resource_group.main.name
  location             = "westeurope"
  capacity             = 1
  family               = "C"
  sku_name             = "Standard"
  non_ssl_port_enabled = false
  minimum_tls_version  = "1.2"
  tags                 = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_key_vault" "main" {
  name                     = "shop-production-kv"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  tenant_id                = "00000000-0000-0000-0000-000000000000"
  sku_name                 = "premium"
  purge_protection_enabled = true
  tags                     = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_key_vault_key" "data" {
  name         = "data"
  key_vault_id = azurerm_key_vault.main.id
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
  rotation_policy {
    expire_after = "P365D"
    automatic {
      time_before_expiry = "P60D"
    }
  }
}

resource "azurerm_role_assignment" "keys" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = "00000000-0000-0000-0000-000000000001"
}

resource "azurerm_role_definition" "reader" {
  name  = "shop-reader"
  scope = "/subscriptions/0000"
  permissions {
    actions = ["Microsoft.Storage/storageAccounts/read"]
  }
}

resource "azurerm_log_analytics_workspace" "main" {
  name                = "shop"
  resource_group_name = azurerm_resource_group.main.name
  location            = "westeurope"
  sku                 = "PerGB2018"
  retention_in_days   = 365
  tags                = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_monitor_diagnostic_setting" "activity_log" {
  name                       = "activity-log"
  target_resource_id         = "/subscriptions/0000"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id
  enabled_log {
    category = "Administrative"
  }
  enabled_log {
    category = "Security"
  }
}

resource "azurerm_linux_function_app" "api" {
  name                 = "shop-api"
  resource_group_name  = azurerm_resource_group.main.name
  location             = "westeurope"
  service_plan_id      = "/subscriptions/0000/resourceGroups/shop/providers/Microsoft.Web/serverFarms/shop"
  storage_account_name = azurerm_storage_account.data.name
  https_only           = true
  site_config {
    minimum_tls_version = "1.2"
    ftps_state          = "Disabled"
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_linux_virtual_machine_scale_set" "app" {
  name                            = "shop-app"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = "westeurope"
  sku                             = "Standard_D2s_v5"
  instances                       = 2
  admin_username                  = "azureuser"
  disable_password_authentication = true
  encryption_at_host_enabled      = true
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_ZRS"
  }
  network_interface {
    name    = "app"
    primary = true
    ip_configuration {
      name      = "internal"
      primary   = true
      subnet_id = "/subscriptions/0000/resourceGroups/shop/providers/Microsoft.Network/virtualNetworks/shop/subnets/private"
    }
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}

resource "azurerm_container_registry" "images" {
  name                          = "shopimages"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  sku                           = "Premium"
  admin_enabled                 = false
  anonymous_pull_enabled        = false
  public_network_access_enabled = false
  encryption {
    key_vault_key_id   = azurerm_key_vault_key.data.versionless_id
    identity_client_id = "00000000-0000-0000-0000-000000000000"
  }
  tags = { owner = "platform", environment = "production", cost_center = "42" }
}
`;

/** Each Azure rule (and the provider-neutral IAC023, IAC024) with the edit that plants its misconfiguration into the clean configuration. */
export const PLANTED_AZURE: ReadonlyArray<readonly [string, (tf: string) => string]> = [
  ['IAC023', (tf) => tf.replace('version = "~> 4.55"', 'version = ">= 4.0"')],
  ['IAC024', (tf) => tf.replace('type      = string\n  sensitive = true', 'type      = string\n  default   = "hunter2"')],
  ['IAC025', (tf) => tf.replace('allow_nested_items_to_be_public = false', 'allow_nested_items_to_be_public = true')],
  ['IAC026', (tf) => tf.replace('min_tls_version                 = "TLS1_2"', 'min_tls_version                 = "TLS1_0"')],
  ['IAC027', (tf) => tf.replace(/ {2}customer_managed_key \{[^}]*\}\n/, '')],
  ['IAC028', (tf) => tf.replace('source_address_prefix      = "10.0.100.0/24"', 'source_address_prefix      = "*"')],
  ['IAC029', (tf) => tf.replace('start_ip_address = "203.0.113.10"\n  end_ip_address   = "203.0.113.20"', 'start_ip_address = "0.0.0.0"\n  end_ip_address   = "255.255.255.255"')],
  ['IAC030', (tf) => tf.replace('mode = "ZoneRedundant"', 'mode = "SameZone"')],
  ['IAC031', (tf) => tf.replace('scope      = azurerm_postgresql_flexible_server.orders.id\n  lock_level = "CanNotDelete"', 'scope      = azurerm_postgresql_flexible_server.orders.id\n  lock_level = "ReadOnly"')],
  ['IAC032', (tf) => tf.replace('backup_retention_days         = 14', 'backup_retention_days         = 3')],
  ['IAC033', (tf) => tf.replace('value     = "on"', 'value     = "off"')],
  ['IAC034', (tf) => tf.replace('non_ssl_port_enabled = false', 'non_ssl_port_enabled = true')],
  ['IAC035', (tf) => tf.replace('role_definition_name = "Key Vault Crypto Service Encryption User"', 'role_definition_name = "Owner"')],
  ['IAC036', (tf) => tf.replace('enabled              = true', 'enabled              = false')],
  ['IAC037', (tf) => tf.replace('category = "Administrative"', 'category = "Alert"')],
  ['IAC038', (tf) => tf.replace('purge_protection_enabled = true', 'purge_protection_enabled = false')],
  ['IAC039', (tf) => tf.replace(/ {4}automatic \{[^}]*\}\n/, '')],
  ['IAC040', (tf) => tf.replace('location = "westeurope"\n  tags     = { owner = "platform", environment = "production", cost_center = "42" }', 'location = "westeurope"\n  tags     = { owner = "platform" }')],
  ['IAC041', (tf) => tf.replace('retention_in_days   = 365', 'retention_in_days   = 30')],
  ['IAC042', (tf) => tf.replace('https_only           = true', 'https_only           = false')],
  ['IAC043', (tf) => tf.replace('encryption_at_host_enabled      = true', 'encryption_at_host_enabled      = false')],
  ['IAC063', (tf) => tf.replace('name      = "internal"\n      primary   = true', 'name      = "internal"\n      primary   = true\n      public_ip_address {\n        name = "runner"\n      }')],
  ['IAC066', (tf) => tf.replace(/ {2}encryption \{\n {4}key_vault_key_id[^}]*\}\n/, '')],
  ['IAC067', (tf) => tf.replace('admin_enabled                 = false', 'admin_enabled                 = true')],
];
