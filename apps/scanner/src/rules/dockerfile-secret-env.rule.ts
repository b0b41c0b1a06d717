import { isDockerfile, parseDockerfile, words } from './dockerfile.parser';
import type { Instruction } from './dockerfile.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

const SECRET_NAME = /secret|token|passw(?:or)?d|api_?key|private_?key|access_?key|credential/i;
/** `PASSWORD_FILE=/run/secrets/db` is the recommended pattern, not a leak. */
const REFERENCE_SUFFIX = /_(?:FILE|PATH)$/i;

/** Variable names an ENV or ARG declares; values are consumed so names inside them do not count. */
function declaredNames(instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') return words(instruction.args).map((word) => word.split('=')[0] ?? '');
  if (!instruction.args.includes('=')) return words(instruction.args).slice(0, 1); // legacy `ENV NAME value`
  const pairs = instruction.args.matchAll(/([A-Za-z_][\w.-]*)=(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g);
  return [...pairs].map((pair) => pair[1] ?? '');
}

function check(file: TextFile): RuleMatch[] {
  return parseDockerfile(file.text).flatMap((instruction) => {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return [];
    return declaredNames(instruction)
      .filter((name) => SECRET_NAME.test(name) && !REFERENCE_SUFFIX.test(name))
      .map((name) => ({
        line: instruction.line,
        message: `${instruction.keyword} ${name} puts a secret into the image metadata and history`,
      }));
  });
}

export const dockerfileSecretEnvRule: Rule = {
  id: 'dockerfile/secret-in-env',
  name: 'SecretInEnvOrArg',
  severity: 'high',
  description: 'ENV or ARG declares a secret-looking variable; both end up in the image.',
  help: 'Use RUN --mount=type=secret at build time and inject secrets at run time instead.',
  appliesTo: isDockerfile,
  check,
};
