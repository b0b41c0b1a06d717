/**
 * The few TOML keys the analysis needs (pyproject.toml, Cargo.toml, rust-toolchain.toml), read
 * line by line. No TOML parser is a dependency of this project (smol-toml in node_modules comes
 * with nx, a dev dependency the Docker image does not install), so this reads a documented subset:
 * `[table]` and `[[array.of.tables]]` headers, `key = value` with basic or literal strings,
 * numbers, booleans and arrays of those (also spread over several lines). Anything else (inline
 * tables, multi-line strings, dates) is kept as its raw text, never misread as a string.
 */
export type TomlScalar = string | number | boolean;
export type TomlValue = TomlScalar | TomlScalar[] | { raw: string };

export class TomlKeys {
  constructor(private readonly tables: ReadonlyMap<string, ReadonlyMap<string, TomlValue>>) {}

  /** Whether the table (or, with `prefix`, a table under it such as `tool.coverage.run`) is present. */
  hasTable(name: string, prefix = false): boolean {
    return this.tables.has(name) || (prefix && this.tablesUnder(name).length > 0);
  }

  /** The tables nested under `prefix` (`tool.coverage` → `tool.coverage.run`, …). */
  tablesUnder(prefix: string): string[] {
    return [...this.tables.keys()].filter((table) => table.startsWith(`${prefix}.`));
  }

  keys(table: string): string[] {
    return [...(this.tables.get(table)?.keys() ?? [])];
  }

  get(table: string, key: string): TomlValue | undefined {
    return this.tables.get(table)?.get(key);
  }

  string(table: string, key: string): string | undefined {
    const value = this.get(table, key);
    return typeof value === 'string' ? value : undefined;
  }

  /** An array of strings (other items left out); `[]` when absent or not an array. */
  strings(table: string, key: string): string[] {
    const value = this.get(table, key);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }
}

export function readTomlKeys(text: string): TomlKeys {
  const tables = new Map<string, Map<string, TomlValue>>([['', new Map()]]);
  let current = tables.get('') as Map<string, TomlValue>;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = stripComment(lines[index] ?? '').trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      const name = unquoteKey(header[1] ?? '');
      current = tables.get(name) ?? new Map();
      tables.set(name, current);
      continue;
    }
    const pair = /^((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$/.exec(line);
    if (!pair) continue;
    let value = pair[2] ?? '';
    // A multi-line string: skip its lines (they could look like keys); the value stays raw.
    const delimiter = /^("""|''')/.exec(value)?.[1];
    if (delimiter && !value.slice(3).includes(delimiter)) {
      while (index + 1 < lines.length && !(lines[index + 1] ?? '').includes(delimiter)) index += 1;
      index += 1;
    }
    // An array spread over lines: read on until its brackets balance.
    while (value.startsWith('[') && !balanced(value) && index + 1 < lines.length) {
      index += 1;
      value += ` ${stripComment(lines[index] ?? '').trim()}`;
    }
    current.set(unquoteKey(pair[1] ?? ''), parseValue(value.trim()));
  }
  return new TomlKeys(tables);
}

function parseValue(text: string): TomlValue {
  const scalar = parseScalar(text);
  if (scalar !== undefined) return scalar;
  if (text.startsWith('[') && text.endsWith(']')) {
    const items = splitItems(text.slice(1, -1)).map(parseScalar);
    if (items.every((item) => item !== undefined)) return items as TomlScalar[];
  }
  return { raw: text };
}

function parseScalar(text: string): TomlScalar | undefined {
  if (/^"(?:[^"\\]|\\.)*"$/.test(text) && !text.startsWith('"""')) return JSON.parse(text) as string;
  if (/^'[^']*'$/.test(text) && !text.startsWith("'''")) return text.slice(1, -1);
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[+-]?\d[\d_]*(\.\d+)?$/.test(text)) return Number(text.replace(/_/g, ''));
  return undefined;
}

/** The characters of `text` outside basic ("…") and literal ('…') strings, with their index. */
function* unquoted(text: string): Generator<[number, string]> {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quote) {
      if (char === '\\' && quote === '"') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else yield [i, char];
  }
}

/** Splits array items on top-level commas (not inside strings or nested brackets). */
function splitItems(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (const [i, char] of unquoted(body)) {
    if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 0) {
      items.push(body.slice(start, i));
      start = i + 1;
    }
  }
  items.push(body.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const [, char] of unquoted(text)) depth += char === '[' ? 1 : char === ']' ? -1 : 0;
  return depth === 0;
}

/** Drops a `#` comment that is not inside a string. */
function stripComment(line: string): string {
  for (const [i, char] of unquoted(line)) if (char === '#') return line.slice(0, i);
  return line;
}

/** `tool."my.pkg"` → `tool.my.pkg`; spaces around dots go. */
function unquoteKey(key: string): string {
  return key
    .split(/\s*\.\s*(?=(?:[^"']|"[^"]*"|'[^']*')*$)/)
    .map((part) => part.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2'))
    .join('.');
}
