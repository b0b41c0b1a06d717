import { type InventoryItem, inventoryItems } from '@jetway/contracts';
import { type AlertSeverity, DASHBOARD_UID, ITEM_LABELS, type SetupInput, type SetupUrls } from '../../bundle.types';

/** One inventory item with everything its rules, targets and tests are written from. */
export interface ItemContext {
  readonly item: InventoryItem;
  readonly input: SetupInput;
  readonly urls: SetupUrls;
  /**
   * Every series of the item carries these (attached by relabelling): the item's own labels,
   * then `service`, `team`, `tier`, `setup`, which win over an own label of the same name.
   */
  readonly labels: Readonly<Record<string, string>>;
}

/** Own labels the item may not set: Prometheus's own target labels would be overwritten. */
const RESERVED = new Set(['job', 'instance']);

export function itemContexts(input: SetupInput, urls: SetupUrls): ItemContext[] {
  return inventoryItems(input.infrastructure_inventory).map(({ group: _group, ...item }) => ({ item, input, urls, labels: itemLabels(item, input.name) }));
}

export function itemLabels(item: InventoryItem, setup: string): Record<string, string> {
  const own = Object.entries(item.labels).filter(([name]) => !RESERVED.has(name) && !(ITEM_LABELS as readonly string[]).includes(name));
  return { ...Object.fromEntries(own), service: item.name, team: item.team, tier: item.tier, setup };
}

/** The job scraping the item's own metrics (absent when it has no targets). */
export const scrapeJob = (item: InventoryItem) => item.name;
/** The job probing the item's URLs through the blackbox exporter. `_` cannot occur in an item name, so it never clashes with one. */
export const probeJob = (item: InventoryItem) => `${item.name}_probe`;
/** The job whose `up` says whether the item is watched at all: its scrape job, or its probe job when it is only probed. */
export const primaryJob = (item: InventoryItem) => (item.targets.length > 0 ? scrapeJob(item) : probeJob(item));

/** A PromQL label matcher list `{service="…",team="…",tier="…",setup="…"}` scoping a selector to the item, plus `extra` matchers. */
export function selector(ctx: ItemContext, ...extra: string[]): string {
  const scope = ITEM_LABELS.map((name) => `${name}=${JSON.stringify(ctx.labels[name])}`);
  return `{${[...extra, ...scope].join(',')}}`;
}

/** The labels SLO expressions aggregate by: the item's labels, all constant for the item, so nothing splits. */
export const byLabels = (ctx: ItemContext) => Object.keys(ctx.labels).join(', ');

/** A Prometheus duration of whole seconds, in the largest unit that divides it (`120` → `2m`). */
export function duration(seconds: number): string {
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Seconds of a Prometheus duration written by this generator (`5m`, `1d`, `30s`). */
export function seconds(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) throw new Error(`unexpected duration ${text}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

/** The contract's classification: tier 3 never pages, so its page alerts become tickets. */
export function severityFor(ctx: ItemContext, severity: AlertSeverity): AlertSeverity {
  return ctx.item.tier === 'tier_3_standard' ? 'ticket' : severity;
}

/** `https://grafana/d/<uid>` (a trailing `/` of the base is dropped). */
export function dashboardUrl(ctx: ItemContext, uid: string): string {
  return `${ctx.urls.grafana.replace(/\/+$/, '')}/d/${uid}`;
}

export const redDashboard = (ctx: ItemContext) => DASHBOARD_UID.red(ctx.input.name, ctx.item.name);
export const sloDashboard = (ctx: ItemContext) => DASHBOARD_UID.slo(ctx.input.name);
