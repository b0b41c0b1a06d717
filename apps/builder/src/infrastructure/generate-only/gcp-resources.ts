import { param, ref, type CloudResource, type StackShape } from './cloud-resource';

// Google Cloud for Pulumi (pulumi-gcp) and Crossplane (Upbound provider-gcp), by layer.

export const GCP_REGION = 'europe-west1';
const gcp = (group: string, kind: string) => ({ apiVersion: `${group}.gcp.upbound.io/v1beta1`, kind });

function network(shape: StackShape): CloudResource[] {
  const logConfig = { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' };
  const subnet = (tier: 'private' | 'public', cidr: string): CloudResource => ({
    name: `subnet-${tier}`,
    layer: 'network',
    pulumi: 'gcp:compute:Subnetwork',
    crossplane: gcp('compute', 'Subnetwork'),
    args: { network: ref('network'), ipCidrRange: cidr, region: GCP_REGION, privateIpGoogleAccess: true },
    pulumiArgs: { logConfig },
    crossplaneArgs: { logConfig: [logConfig] },
  });
  return [
    { name: 'network', layer: 'network', pulumi: 'gcp:compute:Network', crossplane: gcp('compute', 'Network'), args: { autoCreateSubnetworks: false } },
    subnet('private', '10.10.0.0/20'),
    ...(shape.publicZone ? [subnet('public', '10.10.128.0/20')] : []),
  ];
}

function security(shape: StackShape): CloudResource[] {
  const allow = [{ protocol: 'tcp', ports: ['443'] }];
  return [
    { name: 'key-ring', layer: 'security', pulumi: 'gcp:kms:KeyRing', crossplane: gcp('kms', 'KeyRing'), args: { location: GCP_REGION } },
    { name: 'key', layer: 'security', pulumi: 'gcp:kms:CryptoKey', crossplane: gcp('kms', 'CryptoKey'), args: { keyRing: ref('key-ring'), rotationPeriod: '7776000s' } },
    {
      name: 'app-https',
      layer: 'security',
      pulumi: 'gcp:compute:Firewall',
      crossplane: gcp('compute', 'Firewall'),
      args: { network: ref('network'), direction: 'INGRESS', sourceRanges: shape.httpsSources, targetTags: [`${shape.stack}-app`] },
      pulumiArgs: { allows: allow },
      crossplaneArgs: { allow },
    },
  ];
}

function data(shape: StackShape): CloudResource[] {
  const resources: CloudResource[] = [];
  if (shape.object) {
    const encryption = { defaultKmsKeyName: param('kmsKeyId', 'The id of the stack key (projects/…/cryptoKeys/…).') };
    resources.push({
      name: 'data',
      layer: 'data',
      pulumi: 'gcp:storage:Bucket',
      crossplane: gcp('storage', 'Bucket'),
      args: { location: 'EU', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', labels: shape.tags },
      pulumiArgs: { versioning: { enabled: true }, encryption: { defaultKmsKeyName: ref('key') } },
      crossplaneArgs: { versioning: [{ enabled: true }], encryption: [encryption] },
    });
  }
  if (shape.database) {
    const settings = {
      tier: shape.production ? 'db-custom-2-7680' : 'db-custom-1-3840',
      availabilityType: shape.production ? 'REGIONAL' : 'ZONAL',
      diskSize: shape.storageGb,
      userLabels: shape.tags,
    };
    const ipConfiguration = { ipv4Enabled: false, sslMode: 'ENCRYPTED_ONLY' };
    const backupConfiguration = { enabled: true, pointInTimeRecoveryEnabled: true };
    resources.push({
      name: 'database',
      layer: 'data',
      pulumi: 'gcp:sql:DatabaseInstance',
      crossplane: gcp('sql', 'DatabaseInstance'),
      args: { databaseVersion: 'POSTGRES_17', region: GCP_REGION, deletionProtection: true, encryptionKeyName: ref('key') },
      pulumiArgs: { settings: { ...settings, ipConfiguration: { ...ipConfiguration, privateNetwork: ref('network') }, backupConfiguration } },
      crossplaneArgs: { settings: [{ ...settings, ipConfiguration: [{ ...ipConfiguration, privateNetwork: param('networkId', 'The id of the network.') }], backupConfiguration: [backupConfiguration] }] },
    });
  }
  if (shape.cache) {
    resources.push({
      name: 'cache',
      layer: 'data',
      pulumi: 'gcp:redis:Instance',
      crossplane: gcp('redis', 'Instance'),
      args: { tier: 'STANDARD_HA', memorySizeGb: 1, region: GCP_REGION, authorizedNetwork: ref('network'), transitEncryptionMode: 'SERVER_AUTHENTICATION', customerManagedKey: ref('key'), labels: shape.tags },
    });
  }
  return resources;
}

function compute(shape: StackShape): CloudResource[] {
  const resources: CloudResource[] = [];
  if (shape.containers) {
    const privateClusterConfig = { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: '172.16.0.0/28' };
    resources.push({
      name: 'cluster',
      layer: 'compute',
      pulumi: 'gcp:container:Cluster',
      crossplane: gcp('container', 'Cluster'),
      args: { location: GCP_REGION, network: ref('network'), subnetwork: ref('subnet-private'), initialNodeCount: Math.max(1, shape.scaling.min), deletionProtection: true, resourceLabels: shape.tags },
      pulumiArgs: { privateClusterConfig, databaseEncryption: { state: 'ENCRYPTED', keyName: ref('key') } },
      crossplaneArgs: { privateClusterConfig: [privateClusterConfig], databaseEncryption: [{ state: 'ENCRYPTED', keyName: param('kmsKeyId', 'The id of the stack key.') }] },
    });
  }
  if (shape.vms) {
    const disk = { sourceImage: param('imageName', 'The image of the Packer build (packer/image.pkr.json).'), autoDelete: true, boot: true };
    const shielded = { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true };
    resources.push(
      {
        name: 'vm-template',
        layer: 'compute',
        pulumi: 'gcp:compute:InstanceTemplate',
        crossplane: gcp('compute', 'InstanceTemplate'),
        args: { machineType: shape.high ? 'n2-standard-4' : 'e2-medium', tags: [`${shape.stack}-app`], labels: shape.tags },
        pulumiArgs: { disks: [disk], networkInterfaces: [{ subnetwork: ref('subnet-private') }], shieldedInstanceConfig: shielded },
        crossplaneArgs: { disk: [disk], networkInterface: [{ subnetwork: param('subnetworkId', 'The id of the private subnetwork.') }], shieldedInstanceConfig: [shielded] },
      },
      {
        name: 'vms',
        layer: 'compute',
        pulumi: 'gcp:compute:RegionInstanceGroupManager',
        crossplane: gcp('compute', 'RegionInstanceGroupManager'),
        args: { region: GCP_REGION, baseInstanceName: shape.stack, targetSize: shape.scaling.min },
        pulumiArgs: { versions: [{ instanceTemplate: ref('vm-template', 'selfLinkUnique') }] },
        crossplaneArgs: { version: [{ instanceTemplate: param('instanceTemplate', 'The self link of the vm-template instance template.') }] },
      },
    );
  }
  if (shape.serverless) {
    const build = { runtime: 'nodejs22', entryPoint: 'handler' };
    const source = { bucket: param('functionBucket', 'The bucket holding the function package.'), object: 'function.zip' };
    resources.push({
      name: 'function',
      layer: 'compute',
      pulumi: 'gcp:cloudfunctionsv2:Function',
      crossplane: gcp('cloudfunctions2', 'Function'),
      args: { location: GCP_REGION, kmsKeyName: ref('key'), labels: shape.tags },
      pulumiArgs: { buildConfig: { ...build, source: { storageSource: source } }, serviceConfig: { maxInstanceCount: shape.scaling.max, ingressSettings: 'ALLOW_INTERNAL_ONLY' } },
      crossplaneArgs: { buildConfig: [{ ...build, source: [{ storageSource: [source] }] }], serviceConfig: [{ maxInstanceCount: shape.scaling.max, ingressSettings: 'ALLOW_INTERNAL_ONLY' }] },
    });
  }
  return resources;
}

function observability(): CloudResource[] {
  return [
    {
      name: 'app-logs',
      layer: 'observability',
      pulumi: 'gcp:logging:ProjectBucketConfig',
      crossplane: gcp('logging', 'ProjectBucketConfig'),
      args: { project: param('project', 'The Google Cloud project id.'), location: GCP_REGION, bucketId: 'app-logs', retentionDays: 365 },
    },
  ];
}

export function gcpResources(shape: StackShape): CloudResource[] {
  return [...network(shape), ...security(shape), ...data(shape), ...compute(shape), ...observability()];
}
