import { MANAGEMENT_CIDR, param, ref, type CloudResource, type StackShape } from './cloud-resource';

// Azure for Pulumi (the classic pulumi-azure provider, bridged from azurerm like Crossplane's
// Upbound provider-azure), by layer. Every resource lives in the stack's resource group.

export const AZURE_LOCATION = 'westeurope';
const azure = (group: string, kind: string) => ({ apiVersion: `${group}.azure.upbound.io/v1beta1`, kind });
const placed = { location: AZURE_LOCATION, resourceGroupName: ref('resource-group', 'name') };
const inGroup = { resourceGroupName: ref('resource-group', 'name') };

function network(shape: StackShape): CloudResource[] {
  const subnet = (tier: 'private' | 'public', cidr: string): CloudResource => ({
    name: `subnet-${tier}`,
    layer: 'network',
    pulumi: 'azure:network:Subnet',
    crossplane: azure('network', 'Subnet'),
    args: { ...inGroup, virtualNetworkName: ref('network', 'name'), addressPrefixes: [cidr] },
  });
  return [
    { name: 'resource-group', layer: 'network', pulumi: 'azure:core:ResourceGroup', crossplane: { apiVersion: 'azure.upbound.io/v1beta1', kind: 'ResourceGroup' }, args: { location: AZURE_LOCATION, tags: shape.tags } },
    {
      name: 'network',
      layer: 'network',
      pulumi: 'azure:network:VirtualNetwork',
      crossplane: azure('network', 'VirtualNetwork'),
      args: { ...placed, tags: shape.tags },
      pulumiArgs: { addressSpaces: ['10.10.0.0/16'] },
      crossplaneArgs: { addressSpace: ['10.10.0.0/16'] },
    },
    subnet('private', '10.10.0.0/20'),
    ...(shape.publicZone ? [subnet('public', '10.10.128.0/20')] : []),
  ];
}

function security(shape: StackShape): CloudResource[] {
  return [
    {
      name: 'key-vault',
      layer: 'security',
      pulumi: 'azure:keyvault:KeyVault',
      crossplane: azure('keyvault', 'Vault'),
      args: { ...placed, tenantId: param('tenantId', 'The Entra ID tenant of the subscription.'), skuName: 'standard', purgeProtectionEnabled: true, softDeleteRetentionDays: 90, publicNetworkAccessEnabled: false, tags: shape.tags },
    },
    {
      name: 'key',
      layer: 'security',
      pulumi: 'azure:keyvault:Key',
      crossplane: azure('keyvault', 'Key'),
      args: { keyVaultId: ref('key-vault'), keyType: 'RSA', keySize: 3072, keyOpts: ['wrapKey', 'unwrapKey'] },
    },
    { name: 'app-firewall', layer: 'security', pulumi: 'azure:network:NetworkSecurityGroup', crossplane: azure('network', 'SecurityGroup'), args: { ...placed, tags: shape.tags } },
    {
      name: 'app-https',
      layer: 'security',
      pulumi: 'azure:network:NetworkSecurityRule',
      crossplane: azure('network', 'SecurityRule'),
      args: {
        ...inGroup, networkSecurityGroupName: ref('app-firewall', 'name'), priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp',
        sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: shape.httpsSources[0] === '0.0.0.0/0' ? 'Internet' : MANAGEMENT_CIDR, destinationAddressPrefix: '*',
      },
    },
  ];
}

function data(shape: StackShape): CloudResource[] {
  const resources: CloudResource[] = [];
  if (shape.object) {
    resources.push({
      name: 'data',
      layer: 'data',
      pulumi: 'azure:storage:Account',
      crossplane: azure('storage', 'Account'),
      args: {
        ...placed, accountTier: 'Standard', accountReplicationType: shape.production ? 'GZRS' : 'ZRS', minTlsVersion: 'TLS1_2', httpsTrafficOnlyEnabled: true,
        allowNestedItemsToBePublic: false, publicNetworkAccessEnabled: false, infrastructureEncryptionEnabled: true, tags: shape.tags,
      },
    });
  }
  if (shape.database) {
    const authentication = { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: param('tenantId', 'The Entra ID tenant of the subscription.') };
    resources.push({
      name: 'database',
      layer: 'data',
      pulumi: 'azure:postgresql:FlexibleServer',
      crossplane: azure('dbforpostgresql', 'FlexibleServer'),
      args: {
        ...placed, version: '17', skuName: shape.production ? 'GP_Standard_D2s_v3' : 'B_Standard_B2s', storageMb: Math.max(32768, shape.storageGb * 1024),
        backupRetentionDays: shape.production ? 35 : 7, geoRedundantBackupEnabled: shape.production, publicNetworkAccessEnabled: false, tags: shape.tags,
      },
      pulumiArgs: { authentication, ...(shape.production && { highAvailability: { mode: 'ZoneRedundant' } }) },
      crossplaneArgs: { authentication: [authentication], ...(shape.production && { highAvailability: [{ mode: 'ZoneRedundant' }] }) },
    });
  }
  if (shape.cache) {
    resources.push({
      name: 'cache',
      layer: 'data',
      pulumi: 'azure:redis:Cache',
      crossplane: azure('cache', 'RedisCache'),
      args: { ...placed, capacity: 1, family: 'C', skuName: 'Standard', nonSslPortEnabled: false, minimumTlsVersion: '1.2', publicNetworkAccessEnabled: false, tags: shape.tags },
    });
  }
  return resources;
}

function compute(shape: StackShape): CloudResource[] {
  const resources: CloudResource[] = [];
  if (shape.containers) {
    const pool = { name: 'system', vmSize: shape.high ? 'Standard_D4s_v5' : 'Standard_D2s_v5', autoScalingEnabled: true, minCount: Math.max(1, shape.scaling.min), maxCount: shape.scaling.max };
    resources.push({
      name: 'cluster',
      layer: 'compute',
      pulumi: 'azure:containerservice:KubernetesCluster',
      crossplane: azure('containerservice', 'KubernetesCluster'),
      args: { ...placed, dnsPrefix: shape.stack, privateClusterEnabled: true, tags: shape.tags },
      pulumiArgs: { defaultNodePool: { ...pool, vnetSubnetId: ref('subnet-private') }, identity: { type: 'SystemAssigned' } },
      crossplaneArgs: { defaultNodePool: [{ ...pool, vnetSubnetId: param('subnetId', 'The id of the private subnet.') }], identity: [{ type: 'SystemAssigned' }] },
    });
  }
  if (shape.vms) {
    const osDisk = { caching: 'ReadWrite', storageAccountType: 'Premium_LRS' };
    const sshKey = { username: 'admin-jetway', publicKey: param('adminSshPublicKey', 'The SSH public key of the VMs’ admin user.') };
    resources.push({
      name: 'vms',
      layer: 'compute',
      pulumi: 'azure:compute:LinuxVirtualMachineScaleSet',
      crossplane: azure('compute', 'LinuxVirtualMachineScaleSet'),
      args: { ...placed, sku: shape.high ? 'Standard_D4s_v5' : 'Standard_B2s', instances: shape.scaling.min, adminUsername: 'admin-jetway', sourceImageId: param('imageId', 'The managed image of the Packer build (packer/image.pkr.json).'), tags: shape.tags },
      pulumiArgs: { adminSshKeys: [sshKey], osDisk, networkInterfaces: [{ name: 'primary', primary: true, ipConfigurations: [{ name: 'internal', primary: true, subnetId: ref('subnet-private') }] }] },
      crossplaneArgs: { adminSshKey: [sshKey], osDisk: [osDisk], networkInterface: [{ name: 'primary', primary: true, ipConfiguration: [{ name: 'internal', primary: true, subnetId: param('subnetId', 'The id of the private subnet.') }] }] },
    });
  }
  if (shape.serverless) {
    resources.push(
      { name: 'function-plan', layer: 'compute', pulumi: 'azure:appservice:ServicePlan', crossplane: azure('web', 'ServicePlan'), args: { ...placed, osType: 'Linux', skuName: 'Y1', tags: shape.tags } },
      {
        name: 'function',
        layer: 'compute',
        pulumi: 'azure:appservice:LinuxFunctionApp',
        crossplane: azure('web', 'LinuxFunctionApp'),
        args: { ...placed, servicePlanId: ref('function-plan'), storageAccountName: param('functionStorageAccount', 'The storage account of the function package.'), httpsOnly: true, tags: shape.tags },
        pulumiArgs: { siteConfig: { minimumTlsVersion: '1.2', applicationStack: { nodeVersion: '22' } } },
        crossplaneArgs: { siteConfig: [{ minimumTlsVersion: '1.2', applicationStack: [{ nodeVersion: '22' }] }] },
      },
    );
  }
  return resources;
}

function observability(shape: StackShape): CloudResource[] {
  return [
    { name: 'app-logs', layer: 'observability', pulumi: 'azure:operationalinsights:AnalyticsWorkspace', crossplane: azure('operationalinsights', 'Workspace'), args: { ...placed, sku: 'PerGB2018', retentionInDays: 365, tags: shape.tags } },
  ];
}

export function azureResources(shape: StackShape): CloudResource[] {
  return [...network(shape), ...security(shape), ...data(shape), ...compute(shape), ...observability(shape)];
}
