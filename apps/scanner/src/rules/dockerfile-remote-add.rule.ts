import { isDockerfile, parseDockerfile, words } from './dockerfile.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

function check(file: TextFile): RuleMatch[] {
  return parseDockerfile(file.text).flatMap((instruction) => {
    // ADD --checksum verifies the download, which is the fix this rule asks for.
    if (instruction.keyword !== 'ADD' || /(?:^|\s)--checksum=/.test(instruction.args)) return [];
    const sources = words(instruction.args.replace(/[[\]",]/g, ' ')).slice(0, -1);
    const url = sources.find((source) => /^https?:\/\//i.test(source));
    return url ? [{ line: instruction.line, message: `ADD downloads ${url} without verifying it` }] : [];
  });
}

export const dockerfileRemoteAddRule: Rule = {
  id: 'dockerfile/remote-add',
  name: 'RemoteAdd',
  severity: 'medium',
  description: 'ADD fetches a URL at build time without a checksum.',
  help: 'Use ADD --checksum=sha256:<hex> <url>, or download with curl and verify the hash in RUN.',
  appliesTo: isDockerfile,
  check,
};
