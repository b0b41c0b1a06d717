import type { Rule, RuleMatch, TextFile } from './rule.model';

const MIN_LENGTH = 20;
const MIN_BITS_PER_CHAR = 4;

/** `name = value` / `"name": "value"` where the name says it holds a secret. */
const ASSIGNMENT =
  /([A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|api[_-]?key)[A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?([^\s"'`,;]+)/gi;

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...value].length;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * `$NAME` / `${NAME:-default}` (shell, Compose, NATS config) names where the secret comes from at
 * run time: the recommended pattern, and common in the source trees scanned next to artifacts.
 */
function isReference(value: string): boolean {
  return value.startsWith('$');
}

function check(file: TextFile): RuleMatch[] {
  const matches: RuleMatch[] = [];
  file.text.split('\n').forEach((text, index) => {
    for (const [, name = '', value = ''] of text.matchAll(ASSIGNMENT)) {
      const entropy = shannonEntropy(value);
      if (value.length < MIN_LENGTH || entropy < MIN_BITS_PER_CHAR || isReference(value)) continue;
      matches.push({
        line: index + 1,
        message: `high-entropy value (${entropy.toFixed(2)} bits/char) assigned to '${name}'`,
        secret: value,
      });
    }
  });
  return matches;
}

export const highEntropySecretRule: Rule = {
  id: 'secret/high-entropy-assignment',
  name: 'HighEntropySecretAssignment',
  severity: 'high',
  description: 'A random-looking value is assigned to a name like secret, token, password or api_key.',
  help: 'Move the value to a secret store and read it from the environment; rotate it if it was real.',
  appliesTo: () => true,
  check,
};
