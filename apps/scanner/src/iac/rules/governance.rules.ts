import type { IacRule } from '../iac-rule';
import type { Body } from '../terraform-model';
import { isTrue } from '../terraform-model';
import { flag, hit, ofType } from './helpers';

/** Statements of an inline policy document (JSON string, or jsonencode's object). */
function statements(policy: unknown): Body[] {
  let doc: unknown = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch {
      // `${jsonencode({...})}` stays an expression the parser kept as text: read it as such.
      return /"?Action"?\s*[:=]\s*"\*"/.test(policy) ? [{ Action: '*' }] : [];
    }
  }
  const s = (doc as { Statement?: unknown } | undefined)?.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Body[];
}

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const REQUIRED_TAGS = ['owner', 'environment', 'cost_center'];
const TAGGABLE = ['aws_s3_bucket', 'aws_db_instance', 'aws_instance', 'aws_vpc', 'aws_eks_cluster', 'aws_lb', 'aws_elasticache_replication_group'];

/** Identity, audit trail, hygiene. */
export const GOVERNANCE_RULES: IacRule[] = [
  {
    id: 'IAC018', severity: 'high', title: 'IAM policy allows every action', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'List the actions the role needs; never "Action": "*".',
    check: (m) => ['aws_iam_policy', 'aws_iam_role_policy'].flatMap((t) => flag(m, t, (b) => statements(b['policy']).some((s) => s['Effect'] !== 'Deny' && listOf(s['Action']).includes('*')), 'a statement allows "Action": "*"')),
  },
  {
    id: 'IAC019', severity: 'medium', title: 'IAM policy grants on every resource', frameworks: ['pci_dss', 'sox', 'fedramp'],
    fix: 'Name the resources (ARNs) each statement applies to.',
    check: (m) => ['aws_iam_policy', 'aws_iam_role_policy'].flatMap((t) => flag(m, t, (b) => statements(b['policy']).some((s) => s['Effect'] !== 'Deny' && listOf(s['Resource']).includes('*') && !listOf(s['Action']).every((a) => /:(Get|List|Describe)/.test(a))), 'a statement grants more than reads on "Resource": "*"')),
  },
  {
    id: 'IAC020', severity: 'medium', title: 'No multi-region audit trail', frameworks: ['hipaa', 'pci_dss', 'sox', 'fedramp'],
    fix: 'Add an aws_cloudtrail with is_multi_region_trail = true and enable_log_file_validation = true.',
    check: (m) => {
      const trails = ofType(m, 'aws_cloudtrail');
      const good = trails.some((t) => isTrue(t.body['is_multi_region_trail']) && isTrue(t.body['enable_log_file_validation']));
      // Only an AWS configuration needs a CloudTrail (Azure and Google Cloud have their own audit rules).
      const where = trails[0] ?? m.resources.find((r) => r.type.startsWith('aws_'));
      if (good || !where) return [];
      return [hit(where, trails.length === 0 ? 'the configuration has no CloudTrail' : 'no trail is multi-region with log file validation')];
    },
  },
  {
    id: 'IAC021', severity: 'low', title: 'Log group kept forever or without retention', frameworks: ['gdpr', 'sox'],
    fix: 'Set retention_in_days (e.g. 90 or 365 as your retention policy says).',
    check: (m) => flag(m, 'aws_cloudwatch_log_group', (b) => !(Number(b['retention_in_days']) > 0), 'retention_in_days is not set'),
  },
  {
    id: 'IAC022', severity: 'low', title: 'Resource without the required tags', frameworks: ['sox'],
    fix: `Tag every resource with ${REQUIRED_TAGS.join(', ')} (provider default_tags count).`,
    check: (m) => TAGGABLE.flatMap((t) => ofType(m, t)).filter((r) => {
      const tags = (Array.isArray(r.body['tags']) ? r.body['tags'][0] : r.body['tags']) as Body | undefined;
      return REQUIRED_TAGS.some((k) => tags?.[k] === undefined);
    }).map((r) => hit(r, `missing tags: ${REQUIRED_TAGS.filter((k) => ((Array.isArray(r.body['tags']) ? r.body['tags'][0] : r.body['tags']) as Body | undefined)?.[k] === undefined).join(', ')}`)),
  },
  {
    id: 'IAC023', severity: 'medium', title: 'Provider version not pinned', frameworks: ['sox', 'fedramp'],
    fix: 'Pin each required provider with a pessimistic constraint, e.g. version = "~> 5.40".',
    check: (m) => m.requiredProviders.filter((p) => !p.version || /^\s*>=?[^,]*$/.test(p.version)).map((p) => ({ file: p.file, line: p.line, subject: `provider ${p.name}`, message: p.version ? `version "${p.version}" has no upper bound` : 'no version constraint' })),
  },
  {
    id: 'IAC024', severity: 'critical', title: 'Secret in a variable default', frameworks: ['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp'],
    fix: 'Remove the default; pass the secret at apply time from a secret store and mark the variable sensitive = true.',
    check: (m) => m.variables.filter((v) => /pass(word)?|secret|token|api_?key|private_key/i.test(v.name) && typeof v.body['default'] === 'string' && v.body['default'] !== '').map((v) => ({ file: v.file, line: v.line, subject: `var.${v.name}`, message: 'a secret-looking variable has a default value' })),
  },
];
