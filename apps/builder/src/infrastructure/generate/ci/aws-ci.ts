import type { CiInfrastructureSpec } from '@jetway/contracts';
import { nested, ref, type Block, type Body } from '../hcl-writer';
import { CI_CIDR, jsonWithReferences, omit, RUNNER_IMAGE, type CiLayers } from './ci-layers';

// The CI/CD infrastructure on AWS: a NAT egress, an S3 artifact bucket, an ECR repository, and an
// autoscaling group of self-hosted runners — beside the network, KMS key and audit trail of the
// provider's own layers.

const TAGS = ref('var.tags');
const NAME = (suffix: string) => ref(`"\${var.name}-\${var.environment}-${suffix}"`);
const variable = (name: string, type: string, description: string): Block => ({ type: 'variable', labels: [name], body: { type: ref(type), description } });
const resource = (type: string, name: string, body: Body): Block => ({ type: 'resource', labels: [type, name], body });
const output = (name: string, value: string): Block => ({ type: 'output', labels: [name], body: { value: ref(value) } });
const COMMON = [variable('name', 'string', 'The stack name: prefixes every resource.'), variable('environment', 'string', 'The environment.'), variable('tags', 'map(string)', 'owner, environment, cost_center: required on every resource.')];
const KEY = variable('kms_key_arn', 'string', 'The customer key of the security layer.');

/** An internet gateway and a NAT gateway in a subnet of their own: the runners reach their CI server, nothing reaches them. */
function egress(): Block[] {
  return [
    ...COMMON,
    variable('region', 'string', 'The AWS region.'),
    variable('vpc_id', 'string', 'The VPC of the network layer.'),
    variable('cidr_block', 'string', 'The VPC range.'),
    variable('subnet_ids', 'list(string)', 'The private subnets the runners run in.'),
    resource('aws_internet_gateway', 'main', { vpc_id: ref('var.vpc_id'), tags: TAGS }),
    resource('aws_subnet', 'egress', { vpc_id: ref('var.vpc_id'), cidr_block: ref('cidrsubnet(var.cidr_block, 4, 12)'), availability_zone: ref('"${var.region}a"'), map_public_ip_on_launch: false, tags: TAGS }),
    resource('aws_route_table', 'egress', { vpc_id: ref('var.vpc_id'), route: nested({ cidr_block: '0.0.0.0/0', gateway_id: ref('aws_internet_gateway.main.id') }), tags: TAGS }),
    resource('aws_route_table_association', 'egress', { subnet_id: ref('aws_subnet.egress.id'), route_table_id: ref('aws_route_table.egress.id') }),
    resource('aws_eip', 'nat', { domain: 'vpc', tags: TAGS }),
    resource('aws_nat_gateway', 'main', { allocation_id: ref('aws_eip.nat.id'), subnet_id: ref('aws_subnet.egress.id'), tags: TAGS, depends_on: [ref('aws_internet_gateway.main')] }),
    resource('aws_route_table', 'private', { vpc_id: ref('var.vpc_id'), route: nested({ cidr_block: '0.0.0.0/0', nat_gateway_id: ref('aws_nat_gateway.main.id') }), tags: TAGS }),
    resource('aws_route_table_association', 'private', { count: ref('length(var.subnet_ids)'), subnet_id: ref('var.subnet_ids[count.index]'), route_table_id: ref('aws_route_table.private.id') }),
  ];
}

/** The artifact bucket: KMS-encrypted, versioned, never public, owner-enforced (no ACLs), TLS only, objects expiring after the retention. */
function artifacts(): Block[] {
  const bucket = ref('aws_s3_bucket.artifacts.id');
  const tlsOnly = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['${aws_s3_bucket.artifacts.arn}', '${aws_s3_bucket.artifacts.arn}/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  };
  return [
    ...COMMON,
    KEY,
    variable('artifact_retention_days', 'number', 'Days a build artifact is kept.'),
    resource('aws_s3_bucket', 'artifacts', { bucket: NAME('artifacts'), force_destroy: false, tags: TAGS }),
    resource('aws_s3_bucket_server_side_encryption_configuration', 'artifacts', { bucket, rule: nested({ apply_server_side_encryption_by_default: nested({ sse_algorithm: 'aws:kms', kms_master_key_id: ref('var.kms_key_arn') }), bucket_key_enabled: true }) }),
    resource('aws_s3_bucket_versioning', 'artifacts', { bucket, versioning_configuration: nested({ status: 'Enabled' }) }),
    resource('aws_s3_bucket_public_access_block', 'artifacts', { bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    resource('aws_s3_bucket_ownership_controls', 'artifacts', { bucket, rule: nested({ object_ownership: 'BucketOwnerEnforced' }) }),
    resource('aws_s3_bucket_policy', 'artifacts', { bucket, policy: jsonWithReferences(tlsOnly), depends_on: [ref('aws_s3_bucket_public_access_block.artifacts')] }),
    resource('aws_s3_bucket_lifecycle_configuration', 'artifacts', {
      bucket,
      rule: nested({
        id: 'expire-artifacts', status: 'Enabled', filter: nested({}),
        expiration: nested({ days: ref('var.artifact_retention_days') }),
        noncurrent_version_expiration: nested({ noncurrent_days: ref('var.artifact_retention_days') }),
        abort_incomplete_multipart_upload: nested({ days_after_initiation: 1 }),
      }),
      depends_on: [ref('aws_s3_bucket_versioning.artifacts')],
    }),
    output('bucket_arn', 'aws_s3_bucket.artifacts.arn'),
    output('bucket_name', 'aws_s3_bucket.artifacts.id'),
  ];
}

/** The ECR repository: tags immutable, every push scanned, KMS-encrypted; untagged images expire after the retention. */
function registry(): Block[] {
  const lifecycle = { rules: [{ rulePriority: 1, description: 'Untagged images expire', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: '${var.artifact_retention_days}' }, action: { type: 'expire' } }] };
  return [
    ...COMMON,
    KEY,
    variable('artifact_retention_days', 'number', 'Days an untagged image is kept.'),
    resource('aws_ecr_repository', 'main', {
      name: ref('"${var.name}-${var.environment}"'), image_tag_mutability: 'IMMUTABLE', force_delete: false,
      image_scanning_configuration: nested({ scan_on_push: true }), encryption_configuration: nested({ encryption_type: 'KMS', kms_key: ref('var.kms_key_arn') }), tags: TAGS,
    }),
    // countNumber must be a JSON number: the quotes around the interpolation go.
    resource('aws_ecr_lifecycle_policy', 'main', { repository: ref('aws_ecr_repository.main.name'), policy: ref(JSON.stringify(JSON.stringify(lifecycle)).replace('\\"${var.artifact_retention_days}\\"', '${var.artifact_retention_days}')) }),
    output('repository_arn', 'aws_ecr_repository.main.arn'),
    output('repository_url', 'aws_ecr_repository.main.repository_url'),
  ];
}

/** What a runner may do: its artifacts, the key that encrypts them, and (with a registry) push and pull its images. */
function runnerPolicy(spec: CiInfrastructureSpec): Block {
  const statements: object[] = [
    { Sid: 'ArtifactObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['${var.artifact_bucket_arn}/*'] },
    { Sid: 'ArtifactBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['${var.artifact_bucket_arn}'] },
    { Sid: 'ArtifactKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: ['${var.kms_key_arn}'] },
  ];
  if (spec.container_registries) {
    statements.push(
      { Sid: 'RegistryLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      { Sid: 'RegistryImages', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'], Resource: ['${var.registry_arn}'] },
    );
  }
  return resource('aws_iam_role_policy', 'runner', { name: NAME('runner'), role: ref('aws_iam_role.runner.id'), policy: jsonWithReferences({ Version: '2012-10-17', Statement: statements }) });
}

/** The runners' identity: an instance role reached through SSM (no SSH key, no open port), with the runner policy. */
function runnerIdentity(spec: CiInfrastructureSpec): Block[] {
  const assume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  return [
    resource('aws_iam_role', 'runner', { name: NAME('runner'), assume_role_policy: jsonWithReferences(assume), tags: TAGS }),
    resource('aws_iam_role_policy_attachment', 'ssm', { role: ref('aws_iam_role.runner.name'), policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' }),
    runnerPolicy(spec),
    resource('aws_iam_instance_profile', 'runner', { name: NAME('runner'), role: ref('aws_iam_role.runner.name'), tags: TAGS }),
  ];
}

/**
 * Self-hosted runners: an autoscaling group keeping `runner_count` instances in the private
 * subnets, from a launch template with no public IP, IMDSv2 only (hop limit 1: build containers
 * cannot reach the instance role), an encrypted root volume, and a security group with no ingress.
 */
function runners(spec: CiInfrastructureSpec): Block[] {
  const autoscalingRole = '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"';
  const egressRule = (port: number) => ({ description: `${port === 443 ? 'HTTPS' : 'HTTP'} out: the CI server, registries, package mirrors`, from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] });
  return [
    ...COMMON,
    KEY,
    variable('vpc_id', 'string', 'The VPC of the network layer.'),
    variable('subnet_ids', 'list(string)', 'The private subnets the runners run in.'),
    variable('runner_count', 'number', 'Runners always up.'),
    variable('runner_instance_type', 'string', 'The runner VM size.'),
    variable('runner_image', 'string', 'The AMI with the CI platform agent.'),
    variable('artifact_bucket_arn', 'string', 'The artifact bucket.'),
    ...(spec.container_registries ? [variable('registry_arn', 'string', 'The ECR repository.')] : []),
    { type: 'data', labels: ['aws_caller_identity', 'current'], body: {} },
    resource('aws_security_group', 'runner', { name: NAME('runner'), description: 'CI runners: no ingress, HTTPS and HTTP out', vpc_id: ref('var.vpc_id'), egress: nested(egressRule(443), egressRule(80)), tags: TAGS }),
    ...runnerIdentity(spec),
    // The autoscaling service role launches the instances: it needs a grant to encrypt their volumes with the customer key.
    resource('aws_kms_grant', 'autoscaling', { name: NAME('autoscaling'), key_id: ref('var.kms_key_arn'), grantee_principal: ref(autoscalingRole), operations: ['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'DescribeKey', 'CreateGrant'] }),
    resource('aws_launch_template', 'runner', {
      name_prefix: ref('"${var.name}-${var.environment}-runner-"'), image_id: ref('var.runner_image'), instance_type: ref('var.runner_instance_type'), update_default_version: true,
      iam_instance_profile: nested({ arn: ref('aws_iam_instance_profile.runner.arn') }),
      metadata_options: nested({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 }),
      network_interfaces: nested({ associate_public_ip_address: false, delete_on_termination: true, security_groups: [ref('aws_security_group.runner.id')] }),
      block_device_mappings: nested({ device_name: '/dev/xvda', ebs: nested({ encrypted: true, kms_key_id: ref('var.kms_key_arn'), volume_size: 100, volume_type: 'gp3', delete_on_termination: true }) }),
      monitoring: nested({ enabled: true }),
      tag_specifications: nested({ resource_type: 'instance', tags: TAGS }, { resource_type: 'volume', tags: TAGS }),
      tags: TAGS,
    }),
    resource('aws_autoscaling_group', 'runner', {
      name: NAME('runners'), min_size: ref('var.runner_count'), max_size: ref('var.runner_count'), desired_capacity: ref('var.runner_count'), vpc_zone_identifier: ref('var.subnet_ids'), health_check_type: 'EC2',
      launch_template: nested({ id: ref('aws_launch_template.runner.id'), version: ref('aws_launch_template.runner.latest_version') }),
      instance_refresh: nested({ strategy: 'Rolling' }),
      depends_on: [ref('aws_kms_grant.autoscaling')],
    }),
    output('runner_group_name', 'aws_autoscaling_group.runner.name'),
  ];
}

export const AWS_CI: CiLayers = {
  egress,
  artifacts,
  registry,
  runners,
  // The runners bring their own security group (no ingress, egress only): the layer's application group is not theirs.
  reuse: (layer, blocks) => (layer === 'security' ? omit(blocks, ['aws_security_group.app', 'output.app_security_group_id']) : blocks),
  parameters: (spec, environment) => ({
    cidr_block: CI_CIDR[environment],
    ...(spec.region && { region: spec.region }),
    runner_count: spec.ci_runners.count,
    runner_instance_type: spec.ci_runners.instance_type ?? 't3.large',
    runner_image: RUNNER_IMAGE,
    artifact_retention_days: spec.artifact_storage.retention_days,
  }),
  wiring: { artifact_bucket_arn: 'module.artifacts.bucket_arn', registry_arn: 'module.registry.repository_arn' },
};
