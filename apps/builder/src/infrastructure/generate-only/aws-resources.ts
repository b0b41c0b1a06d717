import { param, ref, type CloudResource, type StackShape } from './cloud-resource';

// AWS for Pulumi (pulumi-aws 7) and Crossplane (Upbound provider-aws), by layer, like the
// Terraform generator: encrypted with the stack's key, private by default, tagged.

const REGION = 'eu-west-1';
const ZONES = ['a', 'b'] as const;
const ec2 = (kind: string) => ({ apiVersion: 'ec2.aws.upbound.io/v1beta1', kind });

function network(shape: StackShape): CloudResource[] {
  const subnet = (tier: 'private' | 'public', zone: string, index: number): CloudResource => ({
    name: `subnet-${tier}-${zone}`,
    layer: 'network',
    pulumi: 'aws:ec2:Subnet',
    crossplane: ec2('Subnet'),
    args: { vpcId: ref('network'), cidrBlock: `10.10.${(tier === 'private' ? 0 : 128) + index * 16}.0/20`, availabilityZone: `${REGION}${zone}`, mapPublicIpOnLaunch: false, tags: shape.tags },
  });
  return [
    { name: 'network', layer: 'network', pulumi: 'aws:ec2:Vpc', crossplane: ec2('VPC'), args: { cidrBlock: '10.10.0.0/16', enableDnsHostnames: true, enableDnsSupport: true, tags: shape.tags } },
    ...ZONES.map((zone, i) => subnet('private', zone, i)),
    ...(shape.publicZone ? ZONES.map((zone, i) => subnet('public', zone, i)) : []),
  ];
}

function security(shape: StackShape): CloudResource[] {
  return [
    { name: 'key', layer: 'security', pulumi: 'aws:kms:Key', crossplane: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key' }, args: { description: `${shape.stack} data`, enableKeyRotation: true, deletionWindowInDays: 30, tags: shape.tags } },
    { name: 'app-firewall', layer: 'security', pulumi: 'aws:ec2:SecurityGroup', crossplane: ec2('SecurityGroup'), args: { vpcId: ref('network'), description: `${shape.stack} application`, tags: shape.tags } },
    ...shape.httpsSources.map((cidr, i): CloudResource => ({
      name: `app-https-${i + 1}`,
      layer: 'security',
      pulumi: 'aws:vpc:SecurityGroupIngressRule',
      crossplane: ec2('SecurityGroupIngressRule'),
      args: { securityGroupId: ref('app-firewall'), cidrIpv4: cidr, fromPort: 443, toPort: 443, ipProtocol: 'tcp', description: 'HTTPS' },
    })),
  ];
}

function objectStorage(shape: StackShape): CloudResource[] {
  const s3 = (kind: string) => ({ apiVersion: 's3.aws.upbound.io/v1beta1', kind });
  const byDefault = { sseAlgorithm: 'aws:kms', kmsMasterKeyId: ref('key', 'arn') };
  return [
    { name: 'data', layer: 'data', pulumi: 'aws:s3:Bucket', crossplane: s3('Bucket'), args: { tags: shape.tags } },
    {
      name: 'data-encryption',
      layer: 'data',
      pulumi: 'aws:s3:BucketServerSideEncryptionConfiguration',
      crossplane: s3('BucketServerSideEncryptionConfiguration'),
      args: { bucket: ref('data') },
      pulumiArgs: { rules: [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: true }] },
      crossplaneArgs: { rule: [{ applyServerSideEncryptionByDefault: [byDefault], bucketKeyEnabled: true }] },
    },
    {
      name: 'data-versioning',
      layer: 'data',
      pulumi: 'aws:s3:BucketVersioning',
      crossplane: s3('BucketVersioning'),
      args: { bucket: ref('data') },
      pulumiArgs: { versioningConfiguration: { status: 'Enabled' } },
      crossplaneArgs: { versioningConfiguration: [{ status: 'Enabled' }] },
    },
    {
      name: 'data-public-access',
      layer: 'data',
      pulumi: 'aws:s3:BucketPublicAccessBlock',
      crossplane: s3('BucketPublicAccessBlock'),
      args: { bucket: ref('data'), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    },
  ];
}

function data(shape: StackShape): CloudResource[] {
  const rds = (kind: string) => ({ apiVersion: 'rds.aws.upbound.io/v1beta1', kind });
  const subnets = ZONES.map((zone) => ref(`subnet-private-${zone}`));
  return [
    ...(shape.object ? objectStorage(shape) : []),
    ...(shape.database
      ? [
          { name: 'database-subnets', layer: 'data', pulumi: 'aws:rds:SubnetGroup', crossplane: rds('SubnetGroup'), args: { subnetIds: subnets, tags: shape.tags } } satisfies CloudResource,
          {
            name: 'database',
            layer: 'data',
            pulumi: 'aws:rds:Instance',
            crossplane: rds('Instance'),
            args: {
              engine: 'postgres', engineVersion: '17', instanceClass: shape.production ? 'db.m5.large' : 'db.t3.medium', allocatedStorage: shape.storageGb,
              storageEncrypted: true, kmsKeyId: ref('key', 'arn'), publiclyAccessible: false, multiAz: shape.production, deletionProtection: true,
              backupRetentionPeriod: shape.production ? 35 : 7, username: 'app', manageMasterUserPassword: true, dbSubnetGroupName: ref('database-subnets', 'name'),
              vpcSecurityGroupIds: [ref('app-firewall')], skipFinalSnapshot: false, finalSnapshotIdentifier: `${shape.stack}-final`, tags: shape.tags,
            },
          } satisfies CloudResource,
        ]
      : []),
    ...(shape.cache
      ? [
          {
            name: 'cache',
            layer: 'data',
            pulumi: 'aws:elasticache:ReplicationGroup',
            crossplane: { apiVersion: 'elasticache.aws.upbound.io/v1beta1', kind: 'ReplicationGroup' },
            args: { description: `${shape.stack} cache`, nodeType: 'cache.t3.small', numCacheClusters: 2, automaticFailoverEnabled: true, transitEncryptionEnabled: true, atRestEncryptionEnabled: true, kmsKeyId: ref('key', 'arn'), tags: shape.tags },
          } satisfies CloudResource,
        ]
      : []),
  ];
}

function compute(shape: StackShape): CloudResource[] {
  const subnets = ZONES.map((zone) => ref(`subnet-private-${zone}`));
  const resources: CloudResource[] = [];
  if (shape.containers) {
    const vpcConfig = { subnetIds: subnets, endpointPublicAccess: false, endpointPrivateAccess: true };
    resources.push({
      name: 'cluster',
      layer: 'compute',
      pulumi: 'aws:eks:Cluster',
      crossplane: { apiVersion: 'eks.aws.upbound.io/v1beta1', kind: 'Cluster' },
      args: { roleArn: param('clusterRoleArn', 'The IAM role ARN of the EKS control plane.'), enabledClusterLogTypes: ['api', 'audit'], tags: shape.tags },
      pulumiArgs: { vpcConfig, encryptionConfig: { resources: ['secrets'], provider: { keyArn: ref('key', 'arn') } } },
      crossplaneArgs: { vpcConfig: [vpcConfig], encryptionConfig: [{ resources: ['secrets'], provider: [{ keyArn: param('keyArn', 'The ARN of the stack key.') }] }] },
    });
  }
  if (shape.vms) {
    const launch = { imageId: param('amiId', 'The AMI of the Packer build (packer/image.pkr.json).'), instanceType: shape.high ? 'm5.large' : 't3.medium', vpcSecurityGroupIds: [ref('app-firewall')], tags: shape.tags };
    resources.push(
      {
        name: 'vm-template',
        layer: 'compute',
        pulumi: 'aws:ec2:LaunchTemplate',
        crossplane: ec2('LaunchTemplate'),
        args: launch,
        pulumiArgs: { metadataOptions: { httpTokens: 'required' } },
        crossplaneArgs: { metadataOptions: [{ httpTokens: 'required' }] },
      },
      {
        name: 'vms',
        layer: 'compute',
        pulumi: 'aws:autoscaling:Group',
        crossplane: { apiVersion: 'autoscaling.aws.upbound.io/v1beta1', kind: 'AutoscalingGroup' },
        args: { minSize: shape.scaling.min, maxSize: shape.scaling.max },
        pulumiArgs: { vpcZoneIdentifiers: subnets, launchTemplate: { id: ref('vm-template'), version: '$Latest' } },
        crossplaneArgs: { vpcZoneIdentifier: subnets, launchTemplate: [{ id: param('launchTemplateId', 'The id of the vm-template launch template.'), version: '$Latest' }] },
      },
    );
  }
  if (shape.serverless) {
    resources.push({
      name: 'function',
      layer: 'compute',
      pulumi: 'aws:lambda:Function',
      crossplane: { apiVersion: 'lambda.aws.upbound.io/v1beta1', kind: 'Function' },
      args: { role: param('functionRoleArn', 'The IAM role ARN of the function.'), runtime: 'nodejs24.x', handler: 'index.handler', kmsKeyArn: ref('key', 'arn'), tags: shape.tags },
      pulumiArgs: { code: { 'fn::fileArchive': './function.zip' }, tracingConfig: { mode: 'Active' } },
      crossplaneArgs: { s3Bucket: param('functionBucket', 'The bucket holding the function package.'), s3Key: 'function.zip', tracingConfig: [{ mode: 'Active' }] },
    });
  }
  return resources;
}

function observability(shape: StackShape): CloudResource[] {
  return [
    {
      name: 'app-logs',
      layer: 'observability',
      pulumi: 'aws:cloudwatch:LogGroup',
      crossplane: { apiVersion: 'cloudwatchlogs.aws.upbound.io/v1beta1', kind: 'Group' },
      args: { retentionInDays: 365, kmsKeyId: ref('key', 'arn'), tags: shape.tags },
    },
  ];
}

export const AWS_REGION = REGION;

export function awsResources(shape: StackShape): CloudResource[] {
  return [...network(shape), ...security(shape), ...data(shape), ...compute(shape), ...observability(shape)];
}
