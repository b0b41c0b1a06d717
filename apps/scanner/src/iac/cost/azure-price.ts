import { z } from 'zod';
import { blocks } from '../terraform-model';
import table from './azure-prices.json';
import { USAGE_BASED, referencedResource, type Pricer } from './price';

export const AzurePriceTable = z.object({
  provider: z.literal('azure'),
  region: z.string(),
  recorded: z.string(),
  source: z.string(),
  hours_per_month: z.number().positive(),
  vm_hourly: z.record(z.string(), z.number()),
  postgres_flexible_hourly: z.record(z.string(), z.number()),
  postgres_storage_gb_month: z.number(),
  redis_hourly: z.record(z.string(), z.number()),
  app_service_plan_hourly: z.record(z.string(), z.number()),
});
export type AzurePriceTable = z.infer<typeof AzurePriceTable>;
export const AZURE_PRICES: AzurePriceTable = AzurePriceTable.parse(table);

const notIn = (what: string, value: unknown) => ({ why: `${what} ${String(value)} is not in the price table` });

/** An Azure resource's monthly cost from the table. */
export const priceAzure: Pricer<AzurePriceTable> = (r, t, model) => {
  const hours = (hourly: number) => hourly * t.hours_per_month;
  switch (r.type) {
    case 'azurerm_linux_virtual_machine_scale_set':
    case 'azurerm_linux_virtual_machine': {
      const size = r.body[r.type === 'azurerm_linux_virtual_machine' ? 'size' : 'sku'];
      const hourly = t.vm_hourly[String(size)];
      const count = r.type === 'azurerm_linux_virtual_machine' ? 1 : Number(r.body['instances'] ?? 0);
      return hourly === undefined ? notIn('VM size', size) : { monthly: count * hours(hourly), basis: `${String(size)} × ${count} × ${t.hours_per_month} h (disks not included)` };
    }
    case 'azurerm_postgresql_flexible_server': {
      const hourly = t.postgres_flexible_hourly[String(r.body['sku_name'])];
      if (hourly === undefined) return notIn('PostgreSQL SKU', r.body['sku_name']);
      const mode = blocks(r.body, 'high_availability')[0]?.['mode'];
      const copies = mode === 'ZoneRedundant' || mode === 'SameZone' ? 2 : 1;
      const gb = Number(r.body['storage_mb'] ?? 32768) / 1024;
      return { monthly: copies * (hours(hourly) + gb * t.postgres_storage_gb_month), basis: `${String(r.body['sku_name'])} × ${copies} (high availability: ${String(mode ?? 'none')}) + ${gb} GB` };
    }
    case 'azurerm_redis_cache': {
      const key = `${String(r.body['sku_name'])}_${String(r.body['family'])}${String(r.body['capacity'])}`;
      const hourly = t.redis_hourly[key];
      return hourly === undefined ? notIn('Redis size', key) : { monthly: hours(hourly), basis: `${key} × ${t.hours_per_month} h` };
    }
    case 'azurerm_service_plan': {
      const sku = String(r.body['sku_name']);
      if (sku === 'Y1' || sku.startsWith('FC')) return { why: `plan ${sku} is consumption (usage-based): not estimated` };
      const hourly = t.app_service_plan_hourly[sku];
      const workers = Number(r.body['worker_count'] ?? 1);
      return hourly === undefined ? notIn('plan', sku) : { monthly: workers * hours(hourly), basis: `${sku} × ${workers} × ${t.hours_per_month} h` };
    }
    case 'azurerm_container_app':
      return { why: `consumption (vCPU-seconds, GiB-seconds, requests) in ${referencedResource(model, r.body['container_app_environment_id'])?.name ?? 'its environment'}: not estimated` };
    case 'azurerm_storage_account':
    case 'azurerm_log_analytics_workspace':
      return USAGE_BASED;
    default:
      return undefined;
  }
};
