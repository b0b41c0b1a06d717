import { dump } from 'js-yaml';

/**
 * A generated value as YAML text: block style, no line folding (a long PromQL expression stays
 * on its line), double quotes where a string needs them, no anchors (a value used twice is
 * written twice, as a reader expects). js-yaml's emitter rather than the `yaml` package's: the
 * same text as before for every generated file but the rules files (whose shared `labels` were
 * anchors and aliases), strings a YAML 1.1 reader (Go's yaml.v2, Prometheus') would take for a
 * boolean quoted, in about a third of the time and garbage — a release's bundle is written on
 * every monitor step. Parsing stays with `yaml` (its errors name line and column).
 */
export function yamlText(data: unknown): string {
  return dump(data, { lineWidth: -1, noRefs: true, quoteStyle: 'double' });
}
