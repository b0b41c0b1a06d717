// The Prometheus side of a monitoring bundle: scrape config, blackbox modules, SLO and symptom
// rules with a generated promtool test for every alert, the runbook entries, and the validators.
export { prometheusFiles, alertSpecs, prometheusCounts, itemRules } from './prometheus-files';
export type { PrometheusCounts, ItemRules } from './prometheus-files';
export { checkPrometheus, validatePrometheus } from './prometheus-checks';
export type { PrometheusValidation } from './prometheus-checks';
export { prometheusTogether, type BundleToCheck } from './prometheus-together';
export {
  BURN_ALERTS,
  burnTable,
  errorBudget,
  objectiveRatio,
  MIN_REQUESTS_IN_SHORT_WINDOW,
  SLI_WINDOWS,
  SLO_PERIOD,
  REQUESTS_METRIC,
  DURATION_METRIC,
  sliErrorRecord,
} from './slo-table';
export type { BurnAlert, BurnWindow, BurnThreshold, SliWindow } from './slo-table';
export { PROBE_MODULE } from './scrape-config';
export { scrapeJob, probeJob } from './item-context';
