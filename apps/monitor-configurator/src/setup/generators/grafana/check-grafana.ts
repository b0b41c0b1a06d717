import { promqlSyntaxError } from '@jetway/promql';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BUNDLE_LAYOUT } from '../../bundle.types';
import type { Check } from '../../bundle.types';
import { panelLayoutProblems } from './panel-layout';
import type { LaidOutPanel } from './panel-layout';
import { substituteVariables } from './template-variables';
import type { TemplateVariable } from './template-variables';

// The validate step's Grafana checks on a written bundle: one Check per dashboard (its JSON
// parses, its uid fits Grafana's 40 characters, every panel and query names a provisioned
// datasource by {type, uid}, every PromQL query parses once its variables are substituted as
// Grafana would, no two panels overlap), and one for the provisioning files.

const DASHBOARD_CHECK = 'grafana dashboard';
const PROVISIONING_CHECK = 'grafana provisioning';
const MAX_UID = 40;

interface Datasource {
  readonly type: string;
  readonly uid: string;
}

interface DashboardPanel extends LaidOutPanel {
  readonly datasource?: unknown;
  readonly targets?: readonly { readonly expr?: unknown; readonly refId?: unknown; readonly datasource?: unknown }[];
}

/** Checks every dashboard of the bundle written under `dir`, and its provisioning. */
export async function checkGrafana(dir: string): Promise<Check[]> {
  const provisioning = await provisionedDatasources(dir);
  const folder = join(dir, 'grafana', 'dashboards');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  const checks: Check[] = [provisioning.check];
  for (const name of names) {
    const file = BUNDLE_LAYOUT.dashboard(name.slice(0, -'.json'.length));
    const problems = dashboardProblems(await readFile(join(folder, name), 'utf8'), provisioning.datasources);
    checks.push(verdict(DASHBOARD_CHECK, file, problems.map((problem) => `${file}: ${problem}`), 'parses, uid fits, datasources provisioned, every query parses, no panels overlap'));
  }
  if (names.length === 0) checks.push({ check: DASHBOARD_CHECK, file: 'grafana/dashboards/', passed: false, detail: 'the bundle has no dashboards' });
  return checks;
}

/** Each problem of one dashboard's JSON text, naming the panel; empty when it is sound. */
export function dashboardProblems(text: string, datasources: readonly Datasource[]): string[] {
  let dashboard: { uid?: unknown; panels?: unknown; templating?: { list?: unknown } };
  try {
    dashboard = JSON.parse(text) as typeof dashboard;
  } catch (error) {
    return [`does not parse as JSON: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (typeof dashboard.uid !== 'string' || dashboard.uid === '' || dashboard.uid.length > MAX_UID) {
    problems.push(`uid ${JSON.stringify(dashboard.uid)} must be a string of 1..${MAX_UID} characters`);
  }
  if (!Array.isArray(dashboard.panels)) return [...problems, 'has no panels array'];
  const variables = (Array.isArray(dashboard.templating?.list) ? dashboard.templating.list : []) as TemplateVariable[];
  problems.push(...variables.flatMap((variable) => variableProblems(variable, variables, datasources)));
  const panels = dashboard.panels as DashboardPanel[];
  const flat = panels.flatMap((panel) => (panel.type === 'row' && Array.isArray(panel.panels) ? [panel, ...(panel.panels as DashboardPanel[])] : [panel]));
  for (const panel of flat.filter((p) => p.type !== 'row')) problems.push(...panelProblems(panel, variables, datasources));
  problems.push(...panelLayoutProblems(panels));
  return problems;
}

function panelProblems(panel: DashboardPanel, variables: readonly TemplateVariable[], datasources: readonly Datasource[]): string[] {
  const name = `panel "${String(panel.title)}"`;
  const problems: string[] = [];
  const ds = datasourceProblem(panel.datasource, datasources);
  if (ds) problems.push(`${name}: datasource ${ds}`);
  if (!Array.isArray(panel.targets) || panel.targets.length === 0) return [...problems, `${name}: has no queries`];
  for (const target of panel.targets) {
    const query = `${name}, query ${String(target.refId)}`;
    const targetDs = datasourceProblem(target.datasource, datasources);
    if (targetDs) problems.push(`${query}: datasource ${targetDs}`);
    if (typeof target.expr !== 'string') {
      problems.push(`${query}: has no PromQL expression`);
      continue;
    }
    problems.push(...promqlProblems(target.expr, variables).map((problem) => `${query}: ${problem}`));
  }
  return problems;
}

/** A query variable `label_values(<selector>, <label>)`: its selector must parse, its datasource be provisioned. */
function variableProblems(variable: TemplateVariable, variables: readonly TemplateVariable[], datasources: readonly Datasource[]): string[] {
  if (variable.type !== 'query') return [];
  const name = `variable $${String(variable.name)}`;
  const problems: string[] = [];
  const ds = datasourceProblem(variable.datasource, datasources);
  if (ds) problems.push(`${name}: datasource ${ds}`);
  const query = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: unknown } | undefined)?.query;
  const match = typeof query === 'string' ? /^\s*label_values\(\s*(.+?)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/s.exec(query) : null;
  if (!match?.[1]) return [...problems, `${name}: query ${JSON.stringify(query)} is not label_values(<selector>, <label>)`];
  const others = variables.filter((other) => other.name !== variable.name);
  return [...problems, ...promqlProblems(match[1], others).map((problem) => `${name}: ${problem}`)];
}

function promqlProblems(expr: string, variables: readonly TemplateVariable[]): string[] {
  const substituted = substituteVariables(expr, variables);
  if (substituted.undefinedVariables.length > 0) return [`uses undefined variable(s) ${substituted.undefinedVariables.map((v) => `$${v}`).join(', ')} in ${JSON.stringify(expr)}`];
  const error = promqlSyntaxError(substituted.query);
  return error ? [`PromQL does not parse: ${error.message} in ${JSON.stringify(substituted.query)}`] : [];
}

function datasourceProblem(ref: unknown, datasources: readonly Datasource[]): string | undefined {
  if (typeof ref !== 'object' || ref === null) return `${JSON.stringify(ref)} is not a {type, uid} reference`;
  const { type, uid } = ref as { type?: unknown; uid?: unknown };
  if (typeof type !== 'string' || typeof uid !== 'string') return `${JSON.stringify(ref)} is not a {type, uid} reference`;
  if (!datasources.some((ds) => ds.type === type && ds.uid === uid)) {
    return `{type: ${type}, uid: ${uid}} is not provisioned (provisioned: ${datasources.map((ds) => `${ds.type}/${ds.uid}`).join(', ') || 'none'})`;
  }
  return undefined;
}

/** The datasources the bundle provisions, and a Check of both provisioning files. */
async function provisionedDatasources(dir: string): Promise<{ datasources: Datasource[]; check: Check }> {
  const problems: string[] = [];
  const datasources: Datasource[] = [];
  const read = async (path: string) => parse(await readFile(join(dir, path), 'utf8')) as unknown;
  try {
    const doc = (await read(BUNDLE_LAYOUT.grafanaDatasourcesProvisioning)) as { apiVersion?: unknown; datasources?: unknown };
    if (doc?.apiVersion !== 1 || !Array.isArray(doc.datasources)) problems.push('datasources: must be apiVersion 1 with a datasources list');
    for (const ds of Array.isArray(doc?.datasources) ? (doc.datasources as Record<string, unknown>[]) : []) {
      if (typeof ds.type === 'string' && typeof ds.uid === 'string' && typeof ds.url === 'string') datasources.push({ type: ds.type, uid: ds.uid });
      else problems.push(`datasource ${JSON.stringify(ds.name)} needs a type, a uid and a url`);
    }
  } catch (error) {
    problems.push(`${BUNDLE_LAYOUT.grafanaDatasourcesProvisioning}: ${(error as Error).message}`);
  }
  try {
    const doc = (await read(BUNDLE_LAYOUT.grafanaDashboardsProvisioning)) as { apiVersion?: unknown; providers?: { type?: unknown; options?: { path?: unknown } }[] };
    const file = Array.isArray(doc?.providers) && doc.providers.some((p) => p.type === 'file' && typeof p.options?.path === 'string');
    if (doc?.apiVersion !== 1 || !file) problems.push('dashboards: must be apiVersion 1 with a file provider naming its path');
  } catch (error) {
    problems.push(`${BUNDLE_LAYOUT.grafanaDashboardsProvisioning}: ${(error as Error).message}`);
  }
  const check = verdict(PROVISIONING_CHECK, BUNDLE_LAYOUT.grafanaDatasourcesProvisioning, problems, `provisions ${datasources.map((ds) => `${ds.type}/${ds.uid}`).join(', ')} and a dashboard file provider`);
  return { datasources, check };
}

function verdict(check: string, file: string, problems: readonly string[], passedDetail: string): Check {
  const detail = problems.length === 0 ? passedDetail : problems.join('\n');
  return { check, file, passed: problems.length === 0, detail: detail.length > 2000 ? `${detail.slice(0, 1990)}… (cut)` : detail };
}
