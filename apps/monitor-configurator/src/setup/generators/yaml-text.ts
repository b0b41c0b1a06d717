import { dump } from 'js-yaml';

/**
 * A generated value as YAML text: block style, no line folding (a long PromQL expression stays
 * on its line), double quotes only where a string needs them, no anchors (a value used twice is
 * written twice, as a reader expects), and every string a YAML 1.1 reader — Go's yaml.v2, which
 * Prometheus and Alertmanager use — would take for a boolean (`on`, `yes`) quoted. js-yaml's
 * emitter, which does all that in about a third of the `yaml` package's time and garbage: a
 * release's bundle is written on every monitor step. Parsing stays with `yaml` (its errors name
 * line and column).
 */
export function yamlText(data: unknown): string {
  return dump(data, { lineWidth: -1, noRefs: true, quoteStyle: 'double' });
}
