import type { IacRule } from '../iac-rule';
import { blocks, isTrue } from '../terraform-model';
import { flag, hit, ofType, referenced, servesProduction } from './helpers';

/** Data at rest: buckets, databases, volumes, keys. */
export const STORAGE_RULES: IacRule[] = [
  {
    id: 'IAC001', severity: 'critical', title: 'S3 bucket with a public ACL', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Remove the public-read / public-read-write ACL; grant access through a bucket policy to named principals.',
    check: (m) => flag(m, 'aws_s3_bucket', (b) => ['public-read', 'public-read-write'].includes(String(b['acl'])), 'the bucket ACL makes it readable by anyone'),
  },
  {
    id: 'IAC002', severity: 'high', title: 'S3 public access block switched off or missing', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.',
    check: (m) => [
      ...flag(m, 'aws_s3_bucket_public_access_block', (b) => ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].some((k) => !isTrue(b[k])), 'not every public access setting is blocked'),
      ...ofType(m, 'aws_s3_bucket').filter((b) => !referenced(m, 'aws_s3_bucket_public_access_block', b)).map((b) => hit(b, 'no public access block names this bucket: a policy or ACL can still make it public')),
    ],
  },
  {
    id: 'IAC003', severity: 'high', title: 'S3 bucket without encryption at rest', frameworks: ['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp'],
    fix: 'Add an aws_s3_bucket_server_side_encryption_configuration for the bucket (aws:kms with a customer key).',
    check: (m) => ofType(m, 'aws_s3_bucket').filter((b) => !referenced(m, 'aws_s3_bucket_server_side_encryption_configuration', b)).map((b) => hit(b, 'no server-side encryption configuration names this bucket')),
  },
  {
    id: 'IAC004', severity: 'low', title: 'S3 bucket without versioning', frameworks: ['sox', 'hipaa'],
    fix: 'Add an aws_s3_bucket_versioning for the bucket with status = "Enabled".',
    check: (m) => ofType(m, 'aws_s3_bucket').filter((b) => !referenced(m, 'aws_s3_bucket_versioning', b)).map((b) => hit(b, 'no versioning configuration names this bucket')),
  },
  {
    id: 'IAC005', severity: 'high', title: 'Database storage not encrypted', frameworks: ['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp'],
    fix: 'Set storage_encrypted = true (and kms_key_id to a customer key).',
    check: (m) => flag(m, 'aws_db_instance', (b) => !isTrue(b['storage_encrypted']), 'storage_encrypted is not true'),
  },
  {
    id: 'IAC006', severity: 'critical', title: 'Database reachable from the internet', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set publicly_accessible = false and reach it from the private subnets only.',
    check: (m) => flag(m, 'aws_db_instance', (b) => isTrue(b['publicly_accessible']), 'publicly_accessible is true'),
  },
  {
    id: 'IAC007', severity: 'medium', title: 'Production database in one availability zone', frameworks: ['sox', 'hipaa'],
    fix: 'Set multi_az = true for production and dr.',
    check: (m, c) => (servesProduction(c.environment) ? flag(m, 'aws_db_instance', (b) => !isTrue(b['multi_az']), `multi_az is not true in ${c.environment}`) : []),
  },
  {
    id: 'IAC008', severity: 'medium', title: 'Database without deletion protection', frameworks: ['sox'],
    fix: 'Set deletion_protection = true (and skip_final_snapshot = false).',
    check: (m, c) => (c.environment === 'development' ? [] : flag(m, 'aws_db_instance', (b) => !isTrue(b['deletion_protection']), 'deletion_protection is not true')),
  },
  {
    id: 'IAC009', severity: 'medium', title: 'Database backups kept under 7 days', frameworks: ['sox', 'hipaa', 'pci_dss'],
    fix: 'Set backup_retention_period to 7 or more (35 for production).',
    check: (m) => flag(m, 'aws_db_instance', (b) => !(Number(b['backup_retention_period']) >= 7), 'backup_retention_period is under 7 days'),
  },
  {
    id: 'IAC010', severity: 'high', title: 'Block storage not encrypted', frameworks: ['hipaa', 'pci_dss', 'gdpr', 'fedramp'],
    fix: 'Set encrypted = true on aws_ebs_volume, on every instance root_block_device / ebs_block_device, and on every launch template block_device_mappings ebs.',
    check: (m) => [
      ...flag(m, 'aws_ebs_volume', (b) => !isTrue(b['encrypted']), 'the volume is not encrypted'),
      ...flag(m, 'aws_launch_template', (b) => blocks(b, 'block_device_mappings').length === 0 || blocks(b, 'block_device_mappings').some((d) => blocks(d, 'ebs').some((e) => !isTrue(e['encrypted']))), 'a block device mapping (or the image\'s default root volume) is not encrypted'),
      ...flag(m, 'aws_instance', (b) => [...blocks(b, 'root_block_device'), ...blocks(b, 'ebs_block_device')].some((d) => !isTrue(d['encrypted'])) || blocks(b, 'root_block_device').length === 0, 'a block device (or the default root device) is not encrypted'),
    ],
  },
  {
    id: 'IAC011', severity: 'medium', title: 'KMS key without rotation', frameworks: ['pci_dss', 'fedramp'],
    fix: 'Set enable_key_rotation = true.',
    check: (m) => flag(m, 'aws_kms_key', (b) => !isTrue(b['enable_key_rotation']), 'enable_key_rotation is not true'),
  },
];
