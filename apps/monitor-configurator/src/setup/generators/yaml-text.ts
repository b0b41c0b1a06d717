import { dump } from 'js-yaml';

/**
 * A generated value as YAML text: block style, no line folding (a long PromQL expression stays
 * on its line), no anchors (a value used twice is written twice, as a reader expects). js-yaml's
 * emitter, not the `yaml` package's: it writes the same data (the bundle specs parse every file
 * back and compare) in about a third of the time and garbage, and a release's bundle is written
 * on every monitor step. Parsing stays with `yaml` (its errors name line and column).
 */
export function yamlText(data: unknown): string {
  return dump(data, { lineWidth: -1, noRefs: true });
}
