import { RULES, redact, type Rule } from '../rules';

/** Runs of this many base64/hex characters are key material or tokens, whatever the rules say. */
const OPAQUE_RUN = /[A-Za-z0-9+/=]{40,}/g;

/** How much of a line an excerpt shows (the contract allows 200; the masks and cut marks fit). */
export const EXCERPT_CHARS = 160;

/** Characters of context kept before the first mask when a long line is cut. */
const CONTEXT_BEFORE = 40;

/** The secrets the rules find in `text` itself (any rule whose match carries a secret). */
export function secretsIn(text: string, rules: readonly Rule[] = RULES): string[] {
  const context = { paths: new Set<string>() };
  return rules.flatMap((rule) => rule.check({ path: '', text }, context).flatMap((match) => (match.secret ? [match.secret] : [])));
}

/**
 * `text` with every secret masked as {@link redact} shows it: the `known` ones (what the rules
 * reported in this file, even where the text alone would not show it is one, like a Dockerfile
 * value on a continued line), whatever a rule finds in the text itself, and long opaque runs
 * (key material, tokens no rule knows). Masking too much is harmless; too little is a leak.
 */
export function maskSecrets(text: string, known: readonly string[] = [], rules: readonly Rule[] = RULES): string {
  // Longest first, so a secret that contains another is masked whole.
  const secrets = [...new Set([...known, ...secretsIn(text, rules)])].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join(redact(secret));
  return masked.replace(OPAQUE_RUN, (run) => redact(run));
}

/**
 * A line as a finding shows it: trimmed, secrets masked, and at most {@link EXCERPT_CHARS}
 * characters around the first mask (a minified bundle's line can be megabytes). Masking happens
 * before cutting, so a cut can never leave part of a secret unmasked. `undefined` for a blank line.
 */
export function excerptOf(line: string, known: readonly string[] = [], rules: readonly Rule[] = RULES): string | undefined {
  const masked = maskSecrets(line.trim(), known, rules);
  if (masked === '') return undefined;
  if (masked.length <= EXCERPT_CHARS) return masked;
  const firstMask = masked.indexOf('…');
  const start = Math.min(Math.max(0, firstMask - CONTEXT_BEFORE), masked.length - EXCERPT_CHARS);
  const end = start + EXCERPT_CHARS;
  return `${start > 0 ? '…' : ''}${masked.slice(start, end)}${end < masked.length ? '…' : ''}`;
}
