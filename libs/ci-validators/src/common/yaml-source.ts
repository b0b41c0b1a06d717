import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ValidatorFinding } from '../types';

/** A path into parsed YAML: mapping keys and sequence indexes, as JSON pointers and Ajv name them. */
export type YamlPath = readonly (string | number)[];

/** A YAML file parsed once: its data, its syntax errors, and where any path of it is written. */
export interface YamlSource {
  readonly data: unknown;
  /** YAML syntax errors (with lines); the data is unreliable when there are any. */
  readonly errors: ValidatorFinding[];
  /** 1-based line of the value at `path`, or of its deepest ancestor that exists. */
  lineOf(path: YamlPath): number | undefined;
  /** 1-based line of the key `key` of the mapping at `path` (where an unexpected key is written). */
  keyLineOf(path: YamlPath, key: string): number | undefined;
}

export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((error) => ({
    message: `YAML: ${error.message.split('\n')[0] ?? error.message}`,
    line: lineCounter.linePos(error.pos[0]).line,
  }));
  const lineAt = (node: Node | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  return {
    data: errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 }),
    errors,
    lineOf: (path) => lineAt(deepestNode(doc, path)),
    keyLineOf: (path, key) => {
      const parent = nodeAt(doc, path);
      const pair = isMap(parent) ? parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key) : undefined;
      return isNode(pair?.key) ? lineAt(pair.key) : lineAt(deepestNode(doc, path));
    },
  };
}

function nodeAt(doc: Document, path: YamlPath): Node | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const node = doc.getIn(path, true);
  return isNode(node) ? node : undefined;
}

function deepestNode(doc: Document, path: YamlPath): Node | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth));
    if (node) return node;
  }
  return undefined;
}

/** `/jobs/build/steps/0` → `['jobs', 'build', 'steps', 0]` (numbers where the data holds an array). */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let at: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(at) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(key);
    at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
  }
  return path;
}

/** A plain mapping (not null, not an array), as YAML data holds them. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
