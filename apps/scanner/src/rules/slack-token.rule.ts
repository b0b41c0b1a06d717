import { patternRule, redact } from './rule.model';

export const slackTokenRule = patternRule({
  id: 'secret/slack-token',
  name: 'SlackToken',
  severity: 'high',
  description: 'A Slack API token is part of the artifact.',
  help: 'Revoke the token in the Slack app settings, remove it from the source, and inject it at run time.',
  pattern: /\bxox[baprs]-[0-9A-Za-z-]{10,}/g,
  secret: true,
  describe: (match) => `Slack token ${redact(match)}`,
});
