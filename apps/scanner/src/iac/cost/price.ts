import type { Resource, TerraformModel } from '../terraform-model';

/** The monthly cost of one resource, a reason it has none here, or undefined for a kind that costs nothing by itself. */
export type PriceResult = { monthly: number; basis: string } | { why: string } | undefined;

/** What every price table says of itself: where its prices are from, and when they were recorded. */
export interface PriceTableMeta {
  readonly region: string;
  readonly recorded: string;
  readonly source: string;
  readonly hours_per_month: number;
}

/** One provider's pricing: the resource types it prices from its table. */
export type Pricer<T extends PriceTableMeta> = (resource: Resource, table: T, model: TerraformModel) => PriceResult;

export const USAGE_BASED = { why: 'usage-based (storage, requests, transfer): not estimated' } as const;

/** `${type.name...}` references of a value: the resources it names. */
export function referencedResource(model: TerraformModel, value: unknown): Resource | undefined {
  const match = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)/.exec(JSON.stringify(value ?? ''));
  return match ? model.resources.find((r) => r.type === match[1] && r.name === match[2]) : undefined;
}
