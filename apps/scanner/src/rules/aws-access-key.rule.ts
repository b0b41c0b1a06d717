import { patternRule, redact } from './rule.model';

export const awsAccessKeyRule = patternRule({
  id: 'secret/aws-access-key-id',
  name: 'AwsAccessKeyId',
  severity: 'critical',
  description: 'An AWS access key id (AKIA long-term or ASIA temporary) is part of the artifact.',
  help: 'Deactivate the key in IAM, remove it from the source, and use roles or injected credentials.',
  pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  secret: true,
  describe: (match) => `AWS access key id ${redact(match)}`,
});
