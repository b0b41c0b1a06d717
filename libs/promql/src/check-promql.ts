import { parser } from '@prometheus-io/lezer-promql';

/** Where and why a query does not parse. */
export interface PromqlSyntaxError {
  /** 0-based offset into the query of the first problem. */
  readonly offset: number;
  /** 1-based line and column of `offset`. */
  readonly line: number;
  readonly column: number;
  /** In words: "unexpected `)` at line 1, column 17", "ends too early …". */
  readonly message: string;
}

/**
 * Parses `query` with Prometheus's own PromQL grammar (`@prometheus-io/lezer-promql`, the one
 * Prometheus's web UI is built on) and returns the first syntax error, or undefined when it
 * parses. Syntax only: a type error such as `rate(metric)` without a range parses here and is
 * the server's to refuse (see the Prometheus provider's check against the server).
 */
export function promqlSyntaxError(query: string): PromqlSyntaxError | undefined {
  if (query.trim() === '') return { offset: 0, line: 1, column: 1, message: 'is empty' };
  let first: { from: number; to: number; unclosed?: boolean } | undefined;
  parser.parse(query).iterate({
    enter(node) {
      if (first) return false;
      if (node.type.isError) first = { from: node.from, to: node.to };
      // The grammar's string token runs to the end of the query when its quote is never closed.
      else if (node.name === 'StringLiteral' && !closed(query.slice(node.from, node.to))) first = { from: node.from, to: node.to, unclosed: true };
      return undefined;
    },
  });
  if (!first) return undefined;
  const { line, column } = position(query, first.from);
  const message = first.unclosed
    ? `the string \`${clip(query.slice(first.from, first.to))}\` at line ${line}, column ${column} is never closed`
    : describe(query, first.from, first.to, line, column);
  return { offset: first.from, line, column, message };
}

/** Whether a string token ends with its opening quote (not an escaped one: raw strings have no escapes). */
function closed(token: string): boolean {
  const quote = token[0];
  if (token.length < 2 || token.at(-1) !== quote) return false;
  if (quote === '`') return true;
  let backslashes = 0;
  for (let i = token.length - 2; i > 0 && token[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

function describe(query: string, from: number, to: number, line: number, column: number): string {
  const where = `line ${line}, column ${column}`;
  if (from < to) return `unexpected \`${clip(query.slice(from, to))}\` at ${where}`;
  const rest = query.slice(from).trimStart();
  if (rest === '') return `ends too early at ${where}: an unclosed bracket or quote, or a missing operand or label value`;
  return `something is missing at ${where}, before \`${clip(rest.split(/\s/)[0] ?? rest)}\``;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
