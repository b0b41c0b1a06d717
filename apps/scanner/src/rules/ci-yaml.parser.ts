import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Scalar } from 'yaml';
import { ciPlatformOf } from '@jetway/ci-validators';
import type { CiPlatform } from '@jetway/contracts';

/** A CI YAML file parsed once for all the rules that look at it (the Document API keeps positions). */
export interface CiYaml {
  doc: Document;
  data: unknown;
  /** 1-based line of a character offset. */
  lineOf(offset: number): number;
}

let last: { text: string; parsed: CiYaml | undefined } | undefined;

/** Parses a CI YAML file; undefined when it is not YAML (the validate step reports that, not the scan). */
export function parseCiYaml(text: string): CiYaml | undefined {
  if (last?.text === text) return last.parsed;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const parsed = doc.errors.length > 0 ? undefined : { doc, data: doc.toJS({ maxAliasCount: 100 }) as unknown, lineOf: (offset: number) => lineCounter.linePos(offset).line };
  last = { text, parsed };
  return parsed;
}

export function isGithubWorkflow(path: string): boolean {
  return ciPlatformOf(path) === 'github_actions';
}

/** CI files written in YAML (every platform but Jenkins). */
export function isCiYaml(path: string): boolean {
  const platform: CiPlatform | undefined = ciPlatformOf(path);
  return platform !== undefined && platform !== 'jenkins';
}

/** The node at `path` of the document, if any. */
export function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  const node = doc.getIn(path, true) as Node | undefined;
  return node && typeof node === 'object' && 'range' in node ? node : undefined;
}

/** The line of `needle` inside `node`'s source, else the node's first line. */
export function lineIn(yaml: CiYaml, text: string, node: Node | undefined, needle: string): number {
  if (!node?.range) return 1;
  const [start, , end] = node.range;
  const at = text.slice(start, end).indexOf(needle);
  return yaml.lineOf(at === -1 ? start : start + at);
}

/** Keys whose string values are shell scripts on some CI platform (GitHub `run`, GitLab `script`, Azure `bash`, CircleCI `command`…). */
export const SCRIPT_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'command', 'bash', 'pwsh', 'powershell', 'inlineScript', 'sh']);

/** Every string scalar that is a script: the value of a script key, or an item of such a list. */
export function scriptScalars(doc: Document): Scalar[] {
  const scalars: Scalar[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !SCRIPT_KEYS.has(String(pair.key.value))) return;
      const value = pair.value;
      if (isScalar(value) && typeof value.value === 'string') scalars.push(value);
      if (isSeq(value)) for (const item of value.items) if (isScalar(item) && typeof item.value === 'string') scalars.push(item);
      // CircleCI's `run: { command: … }`: the inner `command` pair is visited on its own.
    },
  });
  return scalars;
}
