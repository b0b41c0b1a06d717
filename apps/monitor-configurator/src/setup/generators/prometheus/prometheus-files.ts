import { parse } from 'yaml';
import { type AlertSpec, BUNDLE_LAYOUT, type BundleFile, type SetupInput, type SetupUrls } from '../../bundle.types';
import type { AlertDefinition, RecordingRule } from './alert-definition';
import { errorRateHigh, latencyHigh, metricsAbsent, probeFailed, targetDown } from './item-alerts';
import { type ItemContext, itemContexts } from './item-context';
import { ruleTestCount, ruleTestFile } from './rule-tests';
import { blackboxConfig, prometheusConfig, targetFiles, yamlFile } from './scrape-config';
import { burnAlerts, sloRecordingRules } from './slo-rules';

/** Everything the rules file of one item holds, and why something is not there. */
export interface ItemRules {
  readonly ctx: ItemContext;
  /** SLI and meta recording rules. */
  readonly recording: readonly RecordingRule[];
  /** Alerts reading those recordings: in the same group, after them, so each evaluation sees the ratios it just recorded. */
  readonly sloAlerts: readonly AlertDefinition[];
  /** Alerts reading scraped series only. */
  readonly alerts: readonly AlertDefinition[];
  readonly notes: readonly string[];
}

/** Every alert of the item, in the order of its rules file. */
export const allAlerts = (rules: ItemRules) => [...rules.sloAlerts, ...rules.alerts];

/**
 * An item's rules. SLO, latency and error-rate rules need the item's own HTTP metrics, so only an
 * item that `serves_http` and has scrape targets gets them; every item gets TargetDown and
 * MetricsAbsent, every probed item ProbeFailed.
 */
export function itemRules(ctx: ItemContext): ItemRules {
  const { item } = ctx;
  const http = item.serves_http && item.targets.length > 0;
  const notes: string[] = [];
  if (!item.serves_http) notes.push(`No SLO rules: ${item.name} does not serve HTTP (serves_http: false).`);
  else if (!http) notes.push(`No SLO rules: ${item.name} is only probed, so Prometheus has none of its HTTP metrics; ProbeFailed watches it.`);
  const errorRate = http ? errorRateHigh(ctx) : { definitions: [] };
  if (errorRate.note) notes.push(errorRate.note);
  const recording = http ? sloRecordingRules(ctx) : { sli: [], meta: [] };
  const alerts = [...(http ? [latencyHigh(ctx)] : []), targetDown(ctx), metricsAbsent(ctx), ...(item.probes.length > 0 ? [probeFailed(ctx)] : [])];
  return { ctx, recording: [...recording.sli, ...recording.meta], sloAlerts: http ? [...burnAlerts(ctx), ...errorRate.definitions] : [], alerts, notes };
}

/** The Prometheus part of a bundle: config, targets, blackbox modules, and per item its rules and their tests. */
export function prometheusFiles(input: SetupInput, urls: SetupUrls): BundleFile[] {
  const contexts = itemContexts(input, urls);
  const rules = contexts.map(itemRules);
  return [
    prometheusConfig(contexts),
    ...targetFiles(contexts),
    blackboxConfig(),
    ...rules.map(rulesFile),
    ...rules.map((r) => yamlFile(BUNDLE_LAYOUT.ruleTests(r.ctx.item.name), ruleTestFile(r.ctx, allAlerts(r)))),
  ];
}

/** One entry per alerting rule, in the order of the rules files: what the runbook pages say. */
export function alertSpecs(input: SetupInput, urls: SetupUrls): AlertSpec[] {
  return itemContexts(input, urls).flatMap((ctx) => allAlerts(itemRules(ctx)).map((definition) => definition.spec));
}

function rulesFile(rules: ItemRules): BundleFile {
  const name = rules.ctx.item.name;
  const slo = [...rules.recording, ...rules.sloAlerts.map((a) => a.rule)];
  const groups = [...(slo.length > 0 ? [{ name: `${name}-slo`, rules: slo }] : []), { name: `${name}-alerts`, rules: rules.alerts.map((a) => a.rule) }];
  const comment = rules.notes.map((note) => `# ${note}\n`).join('');
  return yamlFile(BUNDLE_LAYOUT.rules(name), { groups }, comment);
}

export interface PrometheusCounts {
  readonly scrape_jobs: number;
  readonly probes: number;
  readonly recording_rules: number;
  readonly alerts: number;
  readonly rule_tests: number;
}

type RuleFile = { groups?: Array<{ rules?: Array<{ record?: string; alert?: string }> }> };
type Config = { scrape_configs?: Array<{ params?: { module?: string[] }; file_sd_configs?: Array<{ files?: string[] }> }> };

/** A YAML file's value: the one it was written from when the generator kept it, else its text parsed. */
const valueOf = (file: BundleFile | undefined): unknown => (file === undefined ? {} : (file.data ?? parse(file.content)));

/** What the Prometheus part of a bundle holds, counted from its files (scrape jobs exclude the blackbox jobs, which `probes` counts by URL). */
export function prometheusCounts(files: readonly BundleFile[]): PrometheusCounts {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const config = valueOf(files.find((f) => f.path === BUNDLE_LAYOUT.prometheusConfig)) as Config;
  const jobs = config.scrape_configs ?? [];
  const probeJobs = jobs.filter((job) => job.params?.module !== undefined);
  const probeTargets = probeJobs.flatMap((job) => job.file_sd_configs ?? []).flatMap((sd) => sd.files ?? []);
  const probes = probeTargets.reduce((sum, file) => sum + targetsIn(byPath.get(`prometheus/${file}`)), 0);
  const rules = filesUnder(files, 'prometheus/rules/').flatMap((f) => (valueOf(f) as RuleFile).groups ?? []).flatMap((g) => g.rules ?? []);
  const tests = filesUnder(files, 'prometheus/tests/').reduce((sum, f) => sum + ruleTestCount(valueOf(f) as { tests?: unknown }), 0);
  return {
    scrape_jobs: jobs.length - probeJobs.length,
    probes,
    recording_rules: rules.filter((r) => r.record !== undefined).length,
    alerts: rules.filter((r) => r.alert !== undefined).length,
    rule_tests: tests,
  };
}

function filesUnder(files: readonly BundleFile[], prefix: string): BundleFile[] {
  return files.filter((f) => f.path.startsWith(prefix));
}

function targetsIn(content: string | undefined): number {
  if (!content) return 0;
  const groups = JSON.parse(content) as Array<{ targets?: string[] }>;
  return groups.reduce((sum, group) => sum + (group.targets?.length ?? 0), 0);
}
