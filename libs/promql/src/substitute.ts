import { parser } from '@prometheus-io/lezer-promql';

/**
 * Replaces `variable` (e.g. `$release`) with `value` wherever it appears inside a string literal
 * of `query` — a label matcher's value such as `release="$release"` — escaped for that literal's
 * quotes, and for RE2 first when the matcher is a regex (`=~`, `!~`), so a value can never
 * change the query's shape. Found with Prometheus's own grammar, never by searching the text: a
 * `$release` in a comment or outside a string stays as written (and does not parse).
 * Throws when the value cannot be written in a raw (backtick) string.
 */
export function substituteInStrings(query: string, variable: string, value: string): string {
  const edits: { from: number; to: number; text: string }[] = [];
  parser.parse(query).iterate({
    enter(ref) {
      if (ref.name !== 'StringLiteral') return undefined;
      const token = query.slice(ref.from, ref.to);
      if (!token.includes(variable)) return false;
      const matchOp = ref.node.parent?.getChild('MatchOp')?.firstChild?.name;
      const regex = matchOp === 'EqlRegex' || matchOp === 'NeqRegex';
      const escaped = escapeFor(token[0] ?? '"', regex ? re2Escape(value) : value);
      edits.push({ from: ref.from, to: ref.to, text: token.split(variable).join(escaped) });
      return false;
    },
  });
  return edits.reduceRight((text, edit) => text.slice(0, edit.from) + edit.text + text.slice(edit.to), query);
}

/** RE2's metacharacters, escaped with a backslash (Prometheus anchors label regexes itself). */
function re2Escape(value: string): string {
  const meta = new Set('\\.+*?()|[]{}^$');
  return [...value].map((c) => (meta.has(c) ? `\\${c}` : c)).join('');
}

/** Escapes `value` for a PromQL string quoted with `quote` (Prometheus unquotes with Go's rules). */
function escapeFor(quote: string, value: string): string {
  if (quote === '`') {
    if (value.includes('`')) throw new Error(`cannot write ${JSON.stringify(value)} inside a raw \`…\` string; quote the label value with "…" instead`);
    return value;
  }
  return [...value].map((c) => escapeChar(c, quote)).join('');
}

function escapeChar(c: string, quote: string): string {
  if (c === '\\' || c === quote) return `\\${c}`;
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
}
