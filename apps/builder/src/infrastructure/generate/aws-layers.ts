import type { CloudSpec } from '@jetway/contracts';
import { nested, ref, type Block } from './hcl-writer';

// The spec's layers for AWS, each a module: network, security, data, compute, observability.
// Every module takes the same variables; environments differ only in their tfvars (parity).

const TAGS = ref('var.tags');
const variable = (name: string, type: string, description: string): Block => ({ type: 'variable', labels: [name], body: { type: ref(type), description } });
const COMMON_VARIABLES = [variable('name', 'string', 'The stack name: prefixes every resource.'), variable('environment', 'string', 'development, staging, production or dr.'), variable('tags', 'map(string)', 'owner, environment, cost_center: required on every resource.')];

export function networkLayer(request: CloudSpec): Block[] {
  const zones = ['a', 'b'];
  const publicZone = request.application_requirements.networking.security_zones.includes('public');
  return [
    ...COMMON_VARIABLES,
    variable('cidr_block', 'string', 'The VPC range.'),
    { type: 'resource', labels: ['aws_vpc', 'main'], body: { cidr_block: ref('var.cidr_block'), enable_dns_hostnames: true, tags: TAGS } },
    { type: 'resource', labels: ['aws_cloudwatch_log_group', 'flow'], body: { name: ref('"/vpc/${var.name}/flow"'), retention_in_days: 365, kms_key_id: ref('var.kms_key_arn') } },
    { type: 'resource', labels: ['aws_flow_log', 'main'], body: { vpc_id: ref('aws_vpc.main.id'), traffic_type: 'ALL', log_destination: ref('aws_cloudwatch_log_group.flow.arn') } },
    ...zones.map((z, i): Block => ({ type: 'resource', labels: ['aws_subnet', `private_${z}`], body: { vpc_id: ref('aws_vpc.main.id'), cidr_block: ref(`cidrsubnet(var.cidr_block, 4, ${i})`), availability_zone: ref(`"\${var.region}${z}"`), tags: TAGS } })),
    ...(publicZone ? zones.map((z, i): Block => ({ type: 'resource', labels: ['aws_subnet', `public_${z}`], body: { vpc_id: ref('aws_vpc.main.id'), cidr_block: ref(`cidrsubnet(var.cidr_block, 4, ${8 + i})`), availability_zone: ref(`"\${var.region}${z}"`), map_public_ip_on_launch: false, tags: TAGS } })) : []),
    variable('region', 'string', 'The AWS region.'),
    variable('kms_key_arn', 'string', 'The customer key that encrypts logs and data.'),
    { type: 'output', labels: ['vpc_id'], body: { value: ref('aws_vpc.main.id') } },
    { type: 'output', labels: ['private_subnet_ids'], body: { value: ref(`[${zones.map((z) => `aws_subnet.private_${z}.id`).join(', ')}]`) } },
  ];
}

export function securityLayer(request: CloudSpec): Block[] {
  const external = request.application_requirements.networking.external_access;
  return [
    ...COMMON_VARIABLES,
    variable('vpc_id', 'string', 'The VPC of the network layer.'),
    variable('management_cidr', 'string', 'The only range that may reach admin ports.'),
    { type: 'resource', labels: ['aws_kms_key', 'main'], body: { description: ref('"${var.name} data"'), enable_key_rotation: true, deletion_window_in_days: 30, tags: TAGS } },
    {
      type: 'resource',
      labels: ['aws_security_group', 'app'],
      body: {
        name: ref('"${var.name}-app"'),
        vpc_id: ref('var.vpc_id'),
        ingress: nested(
          { description: 'HTTPS', from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: external ? ['0.0.0.0/0'] : [ref('var.management_cidr')] },
          { description: 'SSH from the management zone', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: [ref('var.management_cidr')] },
        ),
        tags: TAGS,
      },
    },
    { type: 'output', labels: ['kms_key_arn'], body: { value: ref('aws_kms_key.main.arn') } },
    { type: 'output', labels: ['app_security_group_id'], body: { value: ref('aws_security_group.app.id') } },
  ];
}
