import type { IacRule } from '../iac-rule';
import { blocks, isTrue } from '../terraform-model';
import { flag, hit, ofType, openIngress, referenced } from './helpers';

const ADMIN_PORTS = [22, 3389] as const;
const DATA_PORTS = [3306, 5432, 1433, 1521, 6379, 9200, 27017] as const;

/** Exposure and encryption in transit. */
export const NETWORK_RULES: IacRule[] = [
  {
    id: 'IAC012', severity: 'critical', title: 'Admin port open to the internet', frameworks: ['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp'],
    fix: 'Allow SSH/RDP from the management zone or a bastion only; never 0.0.0.0/0.',
    check: (m) => ofType(m, 'aws_security_group').flatMap((g) => openIngress(g.body, ADMIN_PORTS).map((port) => hit(g, `ingress allows port ${port} from 0.0.0.0/0`))),
  },
  {
    id: 'IAC013', severity: 'high', title: 'Database port open to the internet', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Allow database ports from the application security group only.',
    check: (m) => ofType(m, 'aws_security_group').flatMap((g) => openIngress(g.body, DATA_PORTS).map((port) => hit(g, `ingress allows port ${port} from 0.0.0.0/0`))),
  },
  {
    id: 'IAC014', severity: 'high', title: 'Load balancer listening in plain HTTP', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Listen on HTTPS with a TLS policy; an HTTP listener may only redirect to HTTPS.',
    check: (m) => flag(m, 'aws_lb_listener', (b) => String(b['protocol'] ?? 'HTTP').toUpperCase() === 'HTTP' && !blocks(b, 'default_action').some((a) => a['type'] === 'redirect'), 'an HTTP listener forwards traffic unencrypted'),
  },
  {
    id: 'IAC015', severity: 'high', title: 'Cache without encryption in transit', frameworks: ['hipaa', 'pci_dss', 'fedramp'],
    fix: 'Set transit_encryption_enabled = true (and at_rest_encryption_enabled = true).',
    check: (m) => flag(m, 'aws_elasticache_replication_group', (b) => !isTrue(b['transit_encryption_enabled']), 'transit_encryption_enabled is not true'),
  },
  {
    id: 'IAC016', severity: 'medium', title: 'VPC without flow logs', frameworks: ['pci_dss', 'sox', 'fedramp'],
    fix: 'Add an aws_flow_log for the VPC (traffic_type = "ALL").',
    check: (m) => ofType(m, 'aws_vpc').filter((v) => !referenced(m, 'aws_flow_log', v)).map((v) => hit(v, 'no flow log names this VPC')),
  },
  {
    id: 'IAC017', severity: 'medium', title: 'Kubernetes API open to the internet', frameworks: ['pci_dss', 'fedramp'],
    fix: 'Set endpoint_public_access = false, or restrict public_access_cidrs to known ranges.',
    check: (m) =>
      flag(m, 'aws_eks_cluster', (b) => blocks(b, 'vpc_config').some((v) => v['endpoint_public_access'] !== false && v['endpoint_public_access'] !== 'false' && !((v['public_access_cidrs'] as string[] | undefined) ?? []).some((c) => c !== '0.0.0.0/0')), 'the cluster endpoint is public to every address'),
  },
];
