import type { CloudProvider } from '@jetway/contracts';
import type { TerraformModel } from '../terraform-model';
import { AWS_PRICES, priceAws, type AwsPriceTable } from './aws-price';
import { AZURE_PRICES, priceAzure, type AzurePriceTable } from './azure-price';
import { GCP_PRICES, priceGcp, type GcpPriceTable } from './gcp-price';
import type { PriceResult } from './price';

export { AWS_PRICES } from './aws-price';
export { AZURE_PRICES } from './azure-price';
export { GCP_PRICES } from './gcp-price';

/** A provider's price table kept in the repo (JSON beside this file), with its region, date and source. */
export type PriceTable = AwsPriceTable | AzurePriceTable | GcpPriceTable;

const TABLES: Readonly<Record<CloudProvider, PriceTable>> = { aws: AWS_PRICES, azure: AZURE_PRICES, gcp: GCP_PRICES };

/** The price table of a provider: `estimateCost(model, priceTableFor(provider))`. */
export function priceTableFor(provider: CloudProvider): PriceTable {
  const table = TABLES[provider];
  if (!table) throw new Error(`cloud_provider ${String(provider)}: no price table (aws, azure or gcp)`);
  return table;
}

/** One priced resource, or one the table cannot price (said, never counted as free). */
export interface CostItem {
  readonly address: string;
  readonly monthly: number;
  readonly basis: string;
}

export interface CostEstimate {
  readonly total: number;
  readonly items: CostItem[];
  /** Resources with no price here (usage-based, or a size the table lacks): not in the total. */
  readonly unpriced: Array<{ address: string; why: string }>;
  readonly table: { provider: CloudProvider; region: string; recorded: string; source: string };
}

const round = (n: number) => Math.round(n * 100) / 100;

function price(resource: TerraformModel['resources'][number], t: PriceTable, model: TerraformModel): PriceResult {
  switch (t.provider) {
    case 'aws': return priceAws(resource, t, model);
    case 'azure': return priceAzure(resource, t, model);
    case 'gcp': return priceGcp(resource, t, model);
  }
}

/** A monthly estimate of a configuration from a provider's price table kept in the repo (AWS unless another table is given). */
export function estimateCost(model: TerraformModel, t: PriceTable = AWS_PRICES): CostEstimate {
  const items: CostItem[] = [];
  const unpriced: CostEstimate['unpriced'] = [];
  for (const r of model.resources) {
    const p = price(r, t, model);
    const address = `${r.type}.${r.name}`;
    if (p === undefined) continue;
    const count = countOf(r);
    if ('why' in p) unpriced.push({ address, why: p.why });
    else if (count === undefined) unpriced.push({ address, why: `count is ${JSON.stringify(r.body['count'])}, not a number this estimate can read` });
    else if (count > 0) items.push({ address, monthly: round(p.monthly * count), basis: count === 1 ? p.basis : `${p.basis}, × ${count} (count)` });
  }
  items.sort((a, b) => b.monthly - a.monthly);
  return { total: round(items.reduce((sum, i) => sum + i.monthly, 0)), items, unpriced, table: { provider: t.provider, region: t.region, recorded: t.recorded, source: t.source } };
}

/** How many instances a resource block makes: 1 without `count`, its number with one, undefined when it is not a number. */
function countOf(resource: TerraformModel['resources'][number]): number | undefined {
  const count = resource.body['count'];
  if (count === undefined) return 1;
  const n = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Undefined within budget; else the reason the step fails, naming the largest items. */
export function overBudget(estimate: CostEstimate, monthlyLimit: number): string | undefined {
  if (estimate.total <= monthlyLimit) return undefined;
  const largest = estimate.items.slice(0, 3).map((i) => `${i.address} $${i.monthly.toFixed(2)} (${i.basis})`).join('; ');
  return `estimated $${estimate.total.toFixed(2)}/month is over the budget of $${monthlyLimit.toFixed(2)}: the largest items are ${largest}`;
}
