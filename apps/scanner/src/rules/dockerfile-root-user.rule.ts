import { finalStage, isDockerfile, parseDockerfile, words } from './dockerfile.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

function isRoot(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || name === '0';
}

function check(file: TextFile): RuleMatch[] {
  const stage = finalStage(parseDockerfile(file.text));
  const from = stage[0];
  if (from === undefined) return [];
  const lastUser = stage.filter((i) => i.keyword === 'USER').pop();
  if (lastUser === undefined) {
    return [{ line: from.line, message: 'the final stage sets no USER, so the container runs as root' }];
  }
  const user = words(lastUser.args)[0] ?? '';
  return isRoot(user) ? [{ line: lastUser.line, message: `USER ${user} makes the container run as root` }] : [];
}

export const dockerfileRootUserRule: Rule = {
  id: 'dockerfile/runs-as-root',
  name: 'RunsAsRoot',
  severity: 'medium',
  description: 'The image runs as root: no USER in the final stage, or USER root.',
  help: 'Add a non-root user (e.g. USER node, or USER 10001) after installing packages.',
  appliesTo: isDockerfile,
  check,
};
