import { BUNDLE_LAYOUT, type BundleFile, type SetupInput, type SetupUrls } from '../../bundle.types';
import { buildDashboard } from '../grafana';
import { type ItemContext, duration, itemContexts } from '../prometheus/item-context';
import { yamlFile } from '../prometheus/scrape-config';
import { doraDashboardSpec } from './dora-dashboard';
import { DORA_INTERVAL_SECONDS, doraRecordingRules } from './dora-rules';
import { doraRuleTestFile, doraRulesName } from './dora-rule-tests';

const RULES_COMMENT =
  '# DORA four keys from Jetway\'s own counters (Four Keys definitions); each rule\'s comment is in\n' +
  '# apps/monitor-configurator/src/setup/generators/dora/dora-rules.ts.\n';

/**
 * The DORA part of a bundle: for every inventory item with `jetway_dora` (a Jetway mesh), its
 * four-keys recording rules and their `promtool test rules` cases; and, when there is one such
 * item, the setup's DORA dashboard. Nothing for a setup without one.
 */
export function doraFiles(input: SetupInput, urls: SetupUrls): BundleFile[] {
  const contexts = itemContexts(input, urls);
  const meshes = contexts.filter((ctx) => ctx.item.jetway_dora);
  if (meshes.length === 0) return [];
  for (const ctx of meshes) {
    const clash = contexts.find((other) => other.item.name === doraRulesName(ctx.item.name));
    if (clash) throw new Error(`inventory item ${clash.item.name}: its rules file would be the DORA rules of ${ctx.item.name} (${BUNDLE_LAYOUT.rules(clash.item.name)}); rename it`);
  }
  const dashboard = buildDashboard(doraDashboardSpec(input));
  return [
    ...meshes.flatMap((ctx) => [rulesFile(ctx), yamlFile(BUNDLE_LAYOUT.ruleTests(doraRulesName(ctx.item.name)), doraRuleTestFile(ctx))]),
    { path: BUNDLE_LAYOUT.dashboard(dashboard.uid as string), content: `${JSON.stringify(dashboard, null, 2)}\n` },
  ];
}

function rulesFile(ctx: ItemContext): BundleFile {
  const name = doraRulesName(ctx.item.name);
  const group = { name, interval: duration(DORA_INTERVAL_SECONDS), rules: doraRecordingRules(ctx) };
  return yamlFile(BUNDLE_LAYOUT.rules(name), { groups: [group] }, RULES_COMMENT);
}
