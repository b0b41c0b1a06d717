import { z } from 'zod';
import type { Resource, TerraformModel } from '../terraform-model';
import { isTrue } from '../terraform-model';
import table from './aws-prices.json';

const PriceTable = z.object({
  provider: z.literal('aws'),
  region: z.string(),
  recorded: z.string(),
  source: z.string(),
  hours_per_month: z.number().positive(),
  ec2_hourly: z.record(z.string(), z.number()),
  rds_postgres_hourly: z.record(z.string(), z.number()),
  rds_storage_gb_month: z.number(),
  ebs_gp3_gb_month: z.number(),
  nat_gateway_hourly: z.number(),
  alb_hourly: z.number(),
  eks_cluster_hourly: z.number(),
  elasticache_hourly: z.record(z.string(), z.number()),
});
export type PriceTable = z.infer<typeof PriceTable>;
export const AWS_PRICES: PriceTable = PriceTable.parse(table);

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
  readonly table: { region: string; recorded: string; source: string };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The monthly cost of one resource from the table, a reason it has none, or undefined for a free kind. */
function price(r: Resource, t: PriceTable): { monthly: number; basis: string } | { why: string } | undefined {
  const hours = (hourly: number) => hourly * t.hours_per_month;
  switch (r.type) {
    case 'aws_instance': {
      const hourly = t.ec2_hourly[String(r.body['instance_type'])];
      return hourly === undefined ? { why: `instance type ${String(r.body['instance_type'])} is not in the price table` } : { monthly: hours(hourly), basis: `${String(r.body['instance_type'])} × ${t.hours_per_month} h` };
    }
    case 'aws_db_instance': {
      const hourly = t.rds_postgres_hourly[String(r.body['instance_class'])];
      if (hourly === undefined) return { why: `instance class ${String(r.body['instance_class'])} is not in the price table` };
      const copies = isTrue(r.body['multi_az']) ? 2 : 1;
      const storage = Number(r.body['allocated_storage'] ?? 20);
      return { monthly: copies * (hours(hourly) + storage * t.rds_storage_gb_month), basis: `${String(r.body['instance_class'])} × ${copies} (multi-AZ: ${copies === 2}) + ${storage} GB` };
    }
    case 'aws_ebs_volume':
      return { monthly: Number(r.body['size'] ?? 0) * t.ebs_gp3_gb_month, basis: `${String(r.body['size'])} GB gp3` };
    case 'aws_nat_gateway':
      return { monthly: hours(t.nat_gateway_hourly), basis: `NAT gateway × ${t.hours_per_month} h (data processed not included)` };
    case 'aws_lb':
      return { monthly: hours(t.alb_hourly), basis: `load balancer × ${t.hours_per_month} h (LCUs not included)` };
    case 'aws_eks_cluster':
      return { monthly: hours(t.eks_cluster_hourly), basis: `EKS control plane × ${t.hours_per_month} h` };
    case 'aws_elasticache_replication_group': {
      if (r.body['node_type'] === undefined) return { why: 'no node_type: the size to price is not set' };
      const hourly = t.elasticache_hourly[String(r.body['node_type'])];
      const nodes = Number(r.body['num_cache_clusters'] ?? 1);
      return hourly === undefined ? { why: `node type ${String(r.body['node_type'])} is not in the price table` } : { monthly: nodes * hours(hourly), basis: `${String(r.body['node_type'])} × ${nodes}` };
    }
    case 'aws_s3_bucket':
      return { why: 'usage-based (storage, requests, transfer): not estimated' };
    default:
      return undefined;
  }
}

/** A monthly estimate of an AWS configuration from the price table kept in the repo (with its date and source). */
export function estimateCost(model: TerraformModel, t: PriceTable = AWS_PRICES): CostEstimate {
  const items: CostItem[] = [];
  const unpriced: CostEstimate['unpriced'] = [];
  for (const r of model.resources) {
    const p = price(r, t);
    const address = `${r.type}.${r.name}`;
    if (p === undefined) continue;
    if ('why' in p) unpriced.push({ address, why: p.why });
    else items.push({ address, monthly: round(p.monthly), basis: p.basis });
  }
  items.sort((a, b) => b.monthly - a.monthly);
  return { total: round(items.reduce((sum, i) => sum + i.monthly, 0)), items, unpriced, table: { region: t.region, recorded: t.recorded, source: t.source } };
}

/** Undefined within budget; else the reason the step fails, naming the largest items. */
export function overBudget(estimate: CostEstimate, monthlyLimit: number): string | undefined {
  if (estimate.total <= monthlyLimit) return undefined;
  const largest = estimate.items.slice(0, 3).map((i) => `${i.address} $${i.monthly.toFixed(2)} (${i.basis})`).join('; ');
  return `estimated $${estimate.total.toFixed(2)}/month is over the budget of $${monthlyLimit.toFixed(2)}: the largest items are ${largest}`;
}
