import { patternRule, redact } from './rule.model';

export const githubTokenRule = patternRule({
  id: 'secret/github-token',
  name: 'GitHubToken',
  severity: 'high',
  description: 'A GitHub personal access or OAuth token is part of the artifact.',
  help: 'Revoke the token on GitHub, remove it from the source, and read it from the environment.',
  pattern: /\b(?:gh[po]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g,
  secret: true,
  describe: (match) => `GitHub token ${redact(match)}`,
});
