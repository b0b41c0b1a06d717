import { z } from 'zod';
import { isTrue } from '../terraform-model';
import table from './aws-prices.json';
import { USAGE_BASED, type Pricer } from './price';

export const AwsPriceTable = z.object({
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
export type AwsPriceTable = z.infer<typeof AwsPriceTable>;
export const AWS_PRICES: AwsPriceTable = AwsPriceTable.parse(table);

/** An AWS resource's monthly cost from the table. */
export const priceAws: Pricer<AwsPriceTable> = (r, t) => {
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
      return USAGE_BASED;
    default:
      return undefined;
  }
};
