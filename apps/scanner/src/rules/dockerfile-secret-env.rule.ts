import { isDockerfile, parseDockerfile, words } from './dockerfile.parser';
import type { Instruction } from './dockerfile.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

const SECRET_NAME = /secret|token|passw(?:or)?d|api_?key|private_?key|access_?key|credential/i;
/** `PASSWORD_FILE=/run/secrets/db` is the recommended pattern, not a leak. */
const REFERENCE_SUFFIX = /_(?:FILE|PATH)$/i;

/** Variables an ENV or ARG declares, with their values; values are consumed so names inside them do not count. */
function declarations(instruction: Instruction): Array<{ name: string; value: string }> {
  if (instruction.keyword === 'ARG') {
    return words(instruction.args).map((word) => {
      const [name = '', ...value] = word.split('=');
      return { name, value: unquote(value.join('=')) };
    });
  }
  if (!instruction.args.includes('=')) {
    // legacy `ENV NAME value`: everything after the name is the value
    const [name = '', ...value] = words(instruction.args);
    return [{ name, value: value.join(' ') }];
  }
  const pairs = instruction.args.matchAll(/([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g);
  return [...pairs].map((pair) => ({ name: pair[1] ?? '', value: unquote(pair[2] ?? '') }));
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

function check(file: TextFile): RuleMatch[] {
  return parseDockerfile(file.text).flatMap((instruction) => {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return [];
    return declarations(instruction)
      .filter(({ name }) => SECRET_NAME.test(name) && !REFERENCE_SUFFIX.test(name))
      .map(({ name, value }) => ({
        line: instruction.line,
        message: `${instruction.keyword} ${name} puts a secret into the image metadata and history`,
        // The value (when one is written) is what must not be shown; an ARG without default has none.
        ...(value ? { secret: value } : {}),
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
