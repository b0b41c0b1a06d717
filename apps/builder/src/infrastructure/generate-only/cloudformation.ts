import type { CloudSpec } from '@jetway/contracts';
import type { BundleFile } from '@jetway/messaging';
import { renderYaml } from '../../ci-setup/generate/yaml-document';
import { InfraGenerateError } from '../infra-bundle';
import { generateOnlyHeader, type StackShape } from './cloud-resource';

export const CLOUDFORMATION_PATH = 'cloudformation/template.yaml';

// One CloudFormation template for every environment: the `Environment` parameter is the only
// difference (the spec's environment parity), production and dr through the IsProduction
// condition. Intrinsic functions in their long form (`Ref`, `Fn::GetAtt`), which any YAML
// parser reads, rather than the short `!Ref` tags.

type Node = string | number | boolean | Node[] | { [key: string]: Node };
const Ref = (name: string): Node => ({ Ref: name });
const Arn = (name: string, attr = 'Arn'): Node => ({ 'Fn::GetAtt': [name, attr] });
const If = (yes: Node, no: Node): Node => ({ 'Fn::If': ['IsProduction', yes, no] });
const ZONES = [0, 1];

function tags(shape: StackShape): Node {
  return [...Object.entries(shape.tags).filter(([key]) => key !== 'environment').map(([Key, Value]) => ({ Key, Value })), { Key: 'environment', Value: Ref('Environment') }];
}

function network(shape: StackShape): Record<string, Node> {
  const subnet = (tier: 'Private' | 'Public', zone: number): Node => ({
    Type: 'AWS::EC2::Subnet',
    Properties: { VpcId: Ref('Vpc'), CidrBlock: `10.10.${(tier === 'Private' ? 0 : 128) + zone * 16}.0/20`, AvailabilityZone: { 'Fn::Select': [zone, { 'Fn::GetAZs': '' }] }, MapPublicIpOnLaunch: false, Tags: tags(shape) },
  });
  const resources: Record<string, Node> = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.10.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true, Tags: tags(shape) } } };
  for (const zone of ZONES) resources[`PrivateSubnet${zone + 1}`] = subnet('Private', zone);
  if (shape.publicZone) for (const zone of ZONES) resources[`PublicSubnet${zone + 1}`] = subnet('Public', zone);
  return resources;
}

function security(shape: StackShape): Record<string, Node> {
  const account: Node = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' };
  const policy: Node = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: account }, Action: 'kms:*', Resource: '*' },
      { Sid: 'LogsEncrypt', Effect: 'Allow', Principal: { Service: { 'Fn::Sub': 'logs.${AWS::Region}.amazonaws.com' } }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*' },
    ],
  };
  return {
    DataKey: { Type: 'AWS::KMS::Key', Properties: { Description: `${shape.stack} data`, EnableKeyRotation: true, PendingWindowInDays: 30, KeyPolicy: policy, Tags: tags(shape) } },
    AppSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: `${shape.stack} application`, VpcId: Ref('Vpc'), SecurityGroupIngress: shape.httpsSources.map((CidrIp) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp, Description: 'HTTPS' })), Tags: tags(shape) },
    },
  };
}

const privateSubnets = (): Node => ZONES.map((zone) => Ref(`PrivateSubnet${zone + 1}`));

function data(shape: StackShape): Record<string, Node> {
  const resources: Record<string, Node> = {};
  if (shape.object) {
    resources['DataBucket'] = {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Arn('DataKey') }, BucketKeyEnabled: true }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        Tags: tags(shape),
      },
    };
  }
  if (shape.database) {
    resources['DatabaseSubnets'] = { Type: 'AWS::RDS::DBSubnetGroup', Properties: { DBSubnetGroupDescription: `${shape.stack} database`, SubnetIds: privateSubnets(), Tags: tags(shape) } };
    resources['Database'] = {
      Type: 'AWS::RDS::DBInstance',
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: {
        Engine: 'postgres', EngineVersion: '17.4', DBInstanceClass: If('db.m5.large', 'db.t3.medium'), AllocatedStorage: String(shape.storageGb), StorageEncrypted: true,
        KmsKeyId: Arn('DataKey'), PubliclyAccessible: false, MultiAZ: If(true, false), DeletionProtection: true, BackupRetentionPeriod: If(35, 7),
        MasterUsername: 'app', ManageMasterUserPassword: true, DBSubnetGroupName: Ref('DatabaseSubnets'), VPCSecurityGroups: [Arn('AppSecurityGroup', 'GroupId')], Tags: tags(shape),
      },
    };
  }
  if (shape.cache) {
    resources['CacheSubnets'] = { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { Description: `${shape.stack} cache`, SubnetIds: privateSubnets() } };
    resources['Cache'] = {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: {
        ReplicationGroupDescription: `${shape.stack} cache`, CacheNodeType: 'cache.t3.small', NumCacheClusters: 2, AutomaticFailoverEnabled: true, TransitEncryptionEnabled: true,
        AtRestEncryptionEnabled: true, KmsKeyId: Ref('DataKey'), CacheSubnetGroupName: Ref('CacheSubnets'), SecurityGroupIds: [Arn('AppSecurityGroup', 'GroupId')], Tags: tags(shape),
      },
    };
  }
  return resources;
}

function compute(shape: StackShape, parameters: Record<string, Node>): Record<string, Node> {
  const resources: Record<string, Node> = {};
  if (shape.containers) {
    parameters['ClusterRoleArn'] = { Type: 'String', Description: 'The IAM role ARN of the EKS control plane.' };
    resources['Cluster'] = {
      Type: 'AWS::EKS::Cluster',
      Properties: {
        RoleArn: Ref('ClusterRoleArn'),
        ResourcesVpcConfig: { SubnetIds: privateSubnets(), SecurityGroupIds: [Arn('AppSecurityGroup', 'GroupId')], EndpointPublicAccess: false, EndpointPrivateAccess: true },
        EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: Arn('DataKey') } }],
        Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'api' }, { Type: 'audit' }] } },
        Tags: tags(shape),
      },
    };
  }
  if (shape.vms) {
    parameters['AmiId'] = { Type: 'AWS::EC2::Image::Id', Description: 'The AMI of the Packer build (packer/image.pkr.json).' };
    resources['VmTemplate'] = {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: {
          ImageId: Ref('AmiId'), InstanceType: shape.high ? 'm5.large' : 't3.medium', SecurityGroupIds: [Arn('AppSecurityGroup', 'GroupId')], MetadataOptions: { HttpTokens: 'required' },
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, KmsKeyId: Arn('DataKey') } }],
        },
      },
    };
    resources['Vms'] = {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { MinSize: String(shape.scaling.min), MaxSize: String(shape.scaling.max), VPCZoneIdentifier: privateSubnets(), LaunchTemplate: { LaunchTemplateId: Ref('VmTemplate'), Version: Arn('VmTemplate', 'LatestVersionNumber') } },
    };
  }
  if (shape.serverless) {
    parameters['FunctionRoleArn'] = { Type: 'String', Description: 'The IAM role ARN of the function.' };
    parameters['FunctionBucket'] = { Type: 'String', Description: 'The bucket holding the function package (function.zip).' };
    resources['Function'] = {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: Ref('FunctionRoleArn'), Runtime: 'nodejs24.x', Handler: 'index.handler', Code: { S3Bucket: Ref('FunctionBucket'), S3Key: 'function.zip' }, KmsKeyArn: Arn('DataKey'), TracingConfig: { Mode: 'Active' }, Tags: tags(shape) },
    };
  }
  return resources;
}

/** An AWS CloudFormation template of the cloud part; other providers are refused by name. */
export function cloudFormationFiles(spec: CloudSpec, shape: StackShape): BundleFile[] {
  if (spec.cloud_provider !== 'aws') {
    throw new InfraGenerateError(`iac_tool cloudformation is AWS only, but cloud_provider is ${spec.cloud_provider}: use iac_tool terraform, pulumi or crossplane for ${spec.cloud_provider}`);
  }
  const parameters: Record<string, Node> = { Environment: { Type: 'String', AllowedValues: ['development', 'staging', 'production', 'dr'], Default: spec.environment_type } };
  const resources = {
    ...network(shape),
    ...security(shape),
    ...data(shape),
    ...compute(shape, parameters),
    AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365, KmsKeyId: Arn('DataKey'), Tags: tags(shape) } },
  };
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `The ${spec.stack} stack, generated by Jetway (generate only: Jetway does not plan or apply cloudformation).`,
    Parameters: parameters,
    // Only a template that asks IsProduction declares it (an unused condition is a linter warning).
    ...(JSON.stringify(resources).includes('"Fn::If"') && { Conditions: { IsProduction: { 'Fn::Or': [{ 'Fn::Equals': [Ref('Environment'), 'production'] }, { 'Fn::Equals': [Ref('Environment'), 'dr'] }] } } }),
    Resources: resources,
    Outputs: { VpcId: { Value: Ref('Vpc') }, DataKeyArn: { Value: Arn('DataKey') } },
  };
  return [{ path: CLOUDFORMATION_PATH, content: renderYaml(template, { header: generateOnlyHeader('cloudformation', spec.stack, 'AWS CloudFormation template') }) }];
}
