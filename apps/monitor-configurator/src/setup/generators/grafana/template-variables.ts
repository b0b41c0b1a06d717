// Grafana's template variables in a query, replaced by sample values the way Grafana interpolates
// them before a query reaches Prometheus: `$name`, `${name}`, `${name:format}`, `[[name]]`.

/** The part of a dashboard's `templating.list` entry the substitution reads. */
export interface TemplateVariable {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly query?: unknown;
  readonly datasource?: unknown;
  /** What "All" stands for (a regex such as `.+`). */
  readonly allValue?: unknown;
  readonly includeAll?: unknown;
}

/** Grafana's global variables, with values as Grafana would give them for a 1 h range at a 15 s scrape interval. */
export const GLOBAL_VARIABLE_SAMPLES: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '30s',
  __interval_ms: '30000',
  __range: '3600s',
  __range_s: '3600',
  __range_ms: '3600000',
  __from: '1700000000000',
  __to: '1700003600000',
};

const REFERENCE = /\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)/g;

/**
 * `query` with every variable replaced by a sample value: a global variable by its sample, a
 * dashboard variable by its "All" value when it offers one (that is what a regex matcher receives),
 * else by `sample`. Names of variables the dashboard does not define are returned, not replaced.
 */
export function substituteVariables(query: string, variables: readonly TemplateVariable[]): { query: string; undefinedVariables: string[] } {
  const undefinedVariables: string[] = [];
  const substituted = query.replace(REFERENCE, (reference, braced?: string, bracketed?: string, bare?: string) => {
    const name = braced ?? bracketed ?? bare ?? '';
    const value = sampleValue(name, variables);
    if (value === undefined) {
      undefinedVariables.push(name);
      return reference;
    }
    return value;
  });
  return { query: substituted, undefinedVariables: [...new Set(undefinedVariables)] };
}

function sampleValue(name: string, variables: readonly TemplateVariable[]): string | undefined {
  if (name.startsWith('__')) return GLOBAL_VARIABLE_SAMPLES[name];
  const variable = variables.find((v) => v.name === name);
  if (!variable) return undefined;
  return variable.includeAll === true && typeof variable.allValue === 'string' && variable.allValue !== '' ? variable.allValue : 'sample';
}
