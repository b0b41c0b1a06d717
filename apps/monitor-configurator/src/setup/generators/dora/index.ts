// The DORA four keys of the setup's Jetway meshes (inventory items with `jetway_dora`): recording
// rules over Jetway's delivery counters, a generated promtool test per key, and a dashboard.
export { doraFiles } from './dora-files';
export { doraRecordingRules, DORA_SERIES, DORA_WINDOWS, DORA_INTERVAL_SECONDS, PRODUCTION } from './dora-rules';
export type { DoraWindow } from './dora-rules';
export { doraRuleTestFile, doraRulesName } from './dora-rule-tests';
export { doraDashboardSpec } from './dora-dashboard';
