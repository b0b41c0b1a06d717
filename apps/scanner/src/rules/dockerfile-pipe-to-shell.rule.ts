import { isDockerfile, parseDockerfile } from './dockerfile.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

/** `curl … | sh` (or wget, bash, zsh, sudo sh …) on one line. */
export const PIPE_TO_SHELL = /\b(curl|wget)\b[^|;&]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:ba|z|da|k)?sh\b/;

function check(file: TextFile): RuleMatch[] {
  return parseDockerfile(file.text).flatMap((instruction) => {
    const match = instruction.keyword === 'RUN' ? PIPE_TO_SHELL.exec(instruction.args) : null;
    return match ? [{ line: instruction.line, message: `RUN pipes ${match[1]} output straight into a shell` }] : [];
  });
}

export const dockerfilePipeToShellRule: Rule = {
  id: 'dockerfile/pipe-to-shell',
  name: 'PipeToShell',
  severity: 'high',
  description: 'RUN downloads a script and pipes it into a shell without verifying it.',
  help: 'Download to a file, check its sha256 against a pinned value, then run it (or use a package).',
  appliesTo: isDockerfile,
  check,
};
