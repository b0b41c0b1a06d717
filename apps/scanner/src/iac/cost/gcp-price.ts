import { z } from 'zod';
import type { Resource, TerraformModel } from '../terraform-model';
import { blocks } from '../terraform-model';
import table from './gcp-prices.json';
import { USAGE_BASED, referencedResource, type Pricer } from './price';

const Tiers = z.array(z.object({ up_to_gb: z.number().positive(), hourly: z.number() }));
export const GcpPriceTable = z.object({
  provider: z.literal('gcp'),
  region: z.string(),
  recorded: z.string(),
  source: z.string(),
  hours_per_month: z.number().positive(),
  machine_hourly: z.record(z.string(), z.number()),
  sql_shared_core_hourly: z.record(z.string(), z.number()),
  sql_vcpu_hourly: z.number(),
  sql_memory_gb_hourly: z.number(),
  sql_ssd_gb_month: z.number(),
  redis_gb_hourly: z.object({ BASIC: Tiers, STANDARD_HA: Tiers }),
});
export type GcpPriceTable = z.infer<typeof GcpPriceTable>;
export const GCP_PRICES: GcpPriceTable = GcpPriceTable.parse(table);

/** The hourly price of a Cloud SQL tier: shared-core from the table, `db-custom-<vCPUs>-<MB>` from its vCPUs and memory. */
function sqlHourly(tier: string, t: GcpPriceTable): number | undefined {
  const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  return custom ? Number(custom[1]) * t.sql_vcpu_hourly + (Number(custom[2]) / 1024) * t.sql_memory_gb_hourly : t.sql_shared_core_hourly[tier];
}

/** How many VMs a managed instance group runs: its target size, or the minimum of the autoscaler that targets it. */
function groupSize(group: Resource, model: TerraformModel): number {
  if (group.body['target_size'] !== undefined) return Number(group.body['target_size']);
  const scaler = model.resources.find((r) => r.type.endsWith('_autoscaler') && referencedResource(model, r.body['target']) === group);
  return Number(blocks(scaler?.body ?? {}, 'autoscaling_policy')[0]?.['min_replicas'] ?? 0);
}

/** A Google Cloud resource's monthly cost from the table. */
export const priceGcp: Pricer<GcpPriceTable> = (r, t, model) => {
  const hours = (hourly: number) => hourly * t.hours_per_month;
  switch (r.type) {
    case 'google_compute_instance': {
      const hourly = t.machine_hourly[String(r.body['machine_type'])];
      return hourly === undefined ? { why: `machine type ${String(r.body['machine_type'])} is not in the price table` } : { monthly: hours(hourly), basis: `${String(r.body['machine_type'])} × ${t.hours_per_month} h` };
    }
    case 'google_compute_instance_group_manager':
    case 'google_compute_region_instance_group_manager': {
      const template = referencedResource(model, blocks(r.body, 'version')[0]?.['instance_template']);
      const type = String(template?.body['machine_type']);
      const hourly = t.machine_hourly[type];
      const size = groupSize(r, model);
      return hourly === undefined ? { why: `machine type ${type} of its template is not in the price table` } : { monthly: size * hours(hourly), basis: `${type} × ${size} × ${t.hours_per_month} h (disks not included)` };
    }
    case 'google_sql_database_instance': {
      const settings = blocks(r.body, 'settings')[0] ?? {};
      const tier = String(settings['tier']);
      const hourly = sqlHourly(tier, t);
      if (hourly === undefined) return { why: `tier ${tier} is not in the price table` };
      const copies = settings['availability_type'] === 'REGIONAL' ? 2 : 1;
      const gb = Number(settings['disk_size'] ?? 10);
      return { monthly: copies * (hours(hourly) + gb * t.sql_ssd_gb_month), basis: `${tier} × ${copies} (${copies === 2 ? 'REGIONAL' : 'ZONAL'}) + ${gb} GB SSD` };
    }
    case 'google_redis_instance': {
      const tier = r.body['tier'] === 'STANDARD_HA' ? 'STANDARD_HA' : 'BASIC';
      const gb = Number(r.body['memory_size_gb']);
      const band = t.redis_gb_hourly[tier].find((b) => gb <= b.up_to_gb);
      return band === undefined ? { why: `${gb} GB is beyond the table's Memorystore sizes` } : { monthly: gb * hours(band.hourly), basis: `${tier} ${gb} GB × ${t.hours_per_month} h` };
    }
    case 'google_cloud_run_v2_service':
    case 'google_cloudfunctions2_function':
      return { why: 'usage-based (vCPU-seconds, memory, requests): not estimated' };
    case 'google_storage_bucket':
      return USAGE_BASED;
    default:
      return undefined;
  }
};
