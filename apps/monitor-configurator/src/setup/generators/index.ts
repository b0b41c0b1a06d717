import type { MonitoringCounts, MonitoringStack } from '@jetway/contracts';
import type { BundleFile, SetupInput, SetupUrls } from '../bundle.types';
import type { BundleGenerators, BundleVerdict, GeneratedBundle } from '../setup.ports';
import { alertmanagerConfigsLoad, alertmanagerFiles, routesOfLoaded, routingCases, validateAlertmanager } from './alertmanager';
import { doraFiles } from './dora';
import { alertIntents, checkGenerateOnly, generateOnlyFiles, isGenerateOnly } from './generate-only';
import { checkGrafana, grafanaCounts, grafanaFiles } from './grafana';
import { alertSpecs, prometheusCounts, prometheusFiles, prometheusTogether, validatePrometheus, type BundleToCheck } from './prometheus';
import { runbookFiles } from './runbooks';

const NONE: MonitoringCounts = { scrape_jobs: 0, probes: 0, recording_rules: 0, alerts: 0, rule_tests: 0, routing_cases: 0, dashboards: 0, runbooks: 0 };

/** Prometheus + Alertmanager + Grafana + runbooks: the stack Jetway applies. */
function prometheusGrafana(input: SetupInput, urls: SetupUrls): GeneratedBundle {
  const prometheus = prometheusFiles(input, urls);
  const alertmanager = alertmanagerFiles(input, urls);
  const grafana = grafanaFiles(input, urls);
  const runbooks = runbookFiles(alertSpecs(input, urls), input, urls);
  // DORA rules and tests sit under prometheus/, its dashboard under grafana/: counted (and checked) with them.
  const dora = doraFiles(input, urls);
  const files: BundleFile[] = [...prometheus, ...alertmanager, ...grafana, ...dora, ...runbooks];
  const counts: MonitoringCounts = {
    ...prometheusCounts([...prometheus, ...dora]),
    routing_cases: routingCases(input).length,
    ...grafanaCounts([...grafana, ...dora]),
    // The index page lists the others.
    runbooks: runbooks.filter((f) => f.path.endsWith('.html') && !f.path.endsWith('/index.html')).length,
  };
  return { files, counts, generateOnly: false };
}

/** Every generator and validator of a monitoring bundle, by stack. */
export const bundleGenerators: BundleGenerators = {
  generate(input, urls) {
    if (!isGenerateOnly(input.monitoring_stack)) return prometheusGrafana(input, urls);
    return { files: generateOnlyFiles(input), counts: { ...NONE, alerts: alertIntents(input).length }, generateOnly: true };
  },
  async check(dir: string, stack: MonitoringStack, options = {}): Promise<BundleVerdict> {
    if (isGenerateOnly(stack)) return { checks: await checkGenerateOnly(dir, stack), ruleTestsPassed: 0, routingCasesPassed: 0 };
    // Independent tools on independent files: side by side, so a bundle's check takes its slowest part, not their sum.
    const [prometheus, alertmanager, grafana] = await Promise.all([validatePrometheus(dir, options), validateAlertmanager(dir), checkGrafana(dir)]);
    return { checks: [...prometheus.checks, ...alertmanager.checks, ...grafana], ruleTestsPassed: prometheus.ruleTestsPassed, routingCasesPassed: alertmanager.routingCasesPassed };
  },
};

export type { BundleToCheck } from './prometheus';

/**
 * Several Prometheus + Grafana bundles (releases checked at the same moment) checked with one
 * run of each tool that takes many files (promtool's config, rules and rule tests, amtool's
 * check-config, the blackbox exporter per distinct config); each bundle's routing cases and
 * dashboards on their own. When a shared run fails, or cannot run, every bundle is checked on
 * its own, so a refusal names its file and the tool's words exactly as a single check does.
 */
export async function checkBundlesTogether(bundles: readonly BundleToCheck[]): Promise<BundleVerdict[]> {
  const alone = async (): Promise<BundleVerdict[]> => {
    const verdicts: BundleVerdict[] = [];
    for (const b of bundles) verdicts.push(await bundleGenerators.check(b.dir, 'prometheus_grafana', { ruleTests: b.ruleTests }));
    return verdicts;
  };
  if (bundles.length < 2) return alone();
  const [prometheus, configsLoad] = await Promise.all([prometheusTogether(bundles), alertmanagerConfigsLoad(bundles.map((b) => b.dir))]);
  if (!prometheus || !configsLoad) return alone();
  const verdicts: BundleVerdict[] = [];
  for (const [i, bundle] of bundles.entries()) {
    const [alertmanager, grafana] = await Promise.all([routesOfLoaded(bundle.dir, bundles.length - 1), checkGrafana(bundle.dir)]);
    const ours = prometheus[i] ?? { checks: [], ruleTestsPassed: 0 };
    verdicts.push({ checks: [...ours.checks, ...alertmanager.checks, ...grafana], ruleTestsPassed: ours.ruleTestsPassed, routingCasesPassed: alertmanager.routingCasesPassed });
  }
  return verdicts;
}
