import { createHash } from 'node:crypto';
import { parse } from 'yaml';

/**
 * How `amtool config routes test` resolved an alert, kept by what its answer depends on: the
 * routing tree's text and the values of the labels the tree's matchers name. Alertmanager routes
 * an alert by its `route` tree alone (the receivers' settings and the inhibit rules do not take
 * part), and by the labels its matchers name, so two alerts that agree on every matched label
 * reach the same receivers on the same tree, whatever their other labels (`service`, `setup`)
 * say. A release's setup differs from the next application's only in such labels, its header
 * comment and its receivers' URLs: its routing cases are answered by the earlier amtool runs.
 *
 * The tree is the exact text of the config's top-level `route:` block (see routeBlock); the
 * caller runs the cases only on a config amtool loaded. A config whose tree cannot be cut out
 * on its own, or whose matchers cannot all be read, gets no key: amtool runs every case.
 */
export class RoutingAnswers {
  private readonly answers = new Map<string, readonly string[]>();
  private readonly names = new Map<string, ReadonlySet<string> | undefined>();

  constructor(private readonly limit = 4_096) {}

  /** The key of one routing case on a config's text, or undefined when amtool must answer it. */
  keyOf(configText: string, labels: Readonly<Record<string, string>>, receivers: readonly string[]): string | undefined {
    const tree = routeBlock(configText);
    if (tree === undefined) return undefined;
    const treeHash = createHash('sha256').update(tree).digest('hex');
    if (!this.names.has(treeHash)) this.remember(this.names, treeHash, matchedLabelNames(tree));
    const matched = this.names.get(treeHash);
    if (!matched) return undefined;
    const relevant = Object.keys(labels).filter((name) => matched.has(name)).sort().map((name) => [name, labels[name]]);
    return JSON.stringify([treeHash, relevant, receivers]);
  }

  get(key: string): readonly string[] | undefined {
    return this.answers.get(key);
  }

  set(key: string, receivers: readonly string[]): void {
    this.remember(this.answers, key, receivers);
  }

  /** Keeps at most `limit` entries, dropping the oldest. */
  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.set(key, value);
    if (map.size > this.limit) map.delete(map.keys().next().value as string);
  }
}

/** Answers shared by every check in this process (the monitor step's releases and the setups' validate step). */
export const routingAnswers = new RoutingAnswers();

/**
 * The text of the config's top-level `route:` block: from its line to the next top-level key. No
 * block when there is none in block style, when the file holds several YAML documents, or when
 * the block uses an anchor or alias (its meaning could come from outside it).
 */
export function routeBlock(configText: string): string | undefined {
  if (/^(---|\.\.\.)\s*$/m.test(configText)) return undefined;
  const lines = configText.split('\n');
  const start = lines.findIndex((line) => /^route:\s*(#.*)?$/.test(line));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !/^[^\s#]/.test(lines[end] ?? '')) end += 1;
  const block = lines.slice(start, end).join('\n');
  return /(^|[\s[{,])[&*][\w-]|<<\s*:/m.test(block) ? undefined : block;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** One matcher as Alertmanager's config writes it: a plain or quoted label name, an operator, a value. */
const MATCHER = /^\s*(?:"([^"\\]*)"|([A-Za-z_][A-Za-z0-9_]*))\s*(=~|!~|!=|=)/;

/** Every label name a route's matchers (`matchers`, `match`, `match_re`) name, or undefined when one cannot be read. */
export function matchedLabelNames(tree: string): ReadonlySet<string> | undefined {
  let config: unknown;
  try {
    config = parse(tree);
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  const visit = (route: unknown): boolean => {
    if (route === undefined) return true;
    if (typeof route !== 'object' || route === null || Array.isArray(route)) return false;
    const { matchers, match, match_re: matchRe, routes } = route as Record<string, unknown>;
    for (const matcher of list(matchers)) {
      if (typeof matcher !== 'string' || /[{},]/.test(matcher)) return false;
      const found = MATCHER.exec(matcher);
      if (!found) return false;
      names.add((found[1] ?? found[2]) as string);
    }
    for (const map of [match, matchRe]) {
      if (map === undefined) continue;
      if (typeof map !== 'object' || map === null || Array.isArray(map)) return false;
      for (const name of Object.keys(map)) {
        if (!NAME.test(name)) return false;
        names.add(name);
      }
    }
    return list(routes).every(visit);
  };
  const root = (config as { route?: unknown } | null)?.route;
  return root !== undefined && visit(root) ? names : undefined;
}

/** A YAML sequence's items, none for an absent one, and a non-list as one item (which `visit` then refuses). */
function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
