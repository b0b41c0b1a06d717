import { createHash } from 'node:crypto';
import { parse } from 'yaml';

/**
 * How `amtool config routes test` resolved an alert, kept by what its answer depends on: the
 * routing tree's text and the values of the labels the tree's matchers name. Alertmanager routes
 * an alert by its matchers alone, so two alerts that agree on every matched label reach the same
 * receivers on the same tree, whatever their other labels (`service`, `setup`) say. A release's
 * setup differs from the next application's only in such labels and in its file's header
 * comment: its routing cases are answered by the earlier amtool runs, not by new ones.
 *
 * The tree's text is the config without its leading comment lines (nothing before the first key
 * can be a value). A config whose matchers cannot all be read (a matcher list in braces, a
 * `match_re` key that is not a plain name, YAML that does not parse) gets no key: amtool runs.
 */
export class RoutingAnswers {
  private readonly answers = new Map<string, readonly string[]>();
  private readonly names = new Map<string, ReadonlySet<string> | undefined>();

  constructor(private readonly limit = 4_096) {}

  /** The key of one routing case on a config's text, or undefined when amtool must answer it. */
  keyOf(configText: string, labels: Readonly<Record<string, string>>, receivers: readonly string[]): string | undefined {
    const tree = routingTree(configText);
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

/** The config without the comment and blank lines it starts with. */
export function routingTree(configText: string): string {
  const lines = configText.split('\n');
  let first = 0;
  while (first < lines.length && /^\s*(#.*)?$/.test(lines[first] ?? '')) first += 1;
  return lines.slice(first).join('\n');
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
