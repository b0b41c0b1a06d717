import { parseTerraform } from '../terraform-model';
import { CLEAN_AZURE_TF } from '../iac-fixtures-azure.testing';
import { CLEAN_GCP_TF } from '../iac-fixtures-gcp.testing';
import { CLEAN_MAIN_TF } from '../iac-fixtures.testing';
import { AWS_PRICES, estimateCost, overBudget, priceTableFor } from './estimate-cost';

const model = (tf: string) => parseTerraform([{ path: 'main.tf', content: tf }]);

describe('the monthly cost estimate', () => {
  it('prices each resource from the table kept in the repo, with its date and source, largest first', async () => {
    const estimate = estimateCost(await model(CLEAN_MAIN_TF));
    expect(estimate.table).toMatchObject({ region: 'us-east-1', recorded: '2026-11-30' });
    // db.t3.medium multi-AZ: 2 × (0.072 × 730 + 20 GB × 0.115) = 109.72; EKS 73; t3.small 15.18; 20 GB gp3 1.6.
    expect(estimate.items.map((i) => [i.address, i.monthly])).toEqual([
      ['aws_db_instance.orders', 109.72],
      ['aws_eks_cluster.main', 73],
      ['aws_instance.worker', 15.18],
      ['aws_ebs_volume.scratch', 1.6],
    ]);
    expect(estimate.total).toBe(199.5);
    expect(estimate.unpriced).toEqual(
      expect.arrayContaining([
        { address: 'aws_s3_bucket.data', why: 'usage-based (storage, requests, transfer): not estimated' },
        { address: 'aws_elasticache_replication_group.sessions', why: 'no node_type: the size to price is not set' },
      ]),
    );
    expect(estimate.unpriced).toHaveLength(2);
    expect(AWS_PRICES.source).toMatch(/^AWS public on-demand list prices/);
  });

  it('passes under budget and fails over it, naming the largest items', async () => {
    const estimate = estimateCost(await model(CLEAN_MAIN_TF));
    expect(overBudget(estimate, 500)).toBeUndefined();
    expect(overBudget(estimate, 100)).toBe(
      'estimated $199.50/month is over the budget of $100.00: the largest items are aws_db_instance.orders $109.72 (db.t3.medium × 2 (multi-AZ: true) + 20 GB); aws_eks_cluster.main $73.00 (EKS control plane × 730 h); aws_instance.worker $15.18 (t3.small × 730 h)',
    );
  });
});

describe('the monthly cost estimate of each provider', () => {
  const MIG = `
resource "google_compute_region_instance_group_manager" "app" {
  name               = "shop"
  base_instance_name = "shop"
  region             = "europe-west1"
  version {
    instance_template = google_compute_instance_template.app.id
  }
}

resource "google_compute_region_autoscaler" "app" {
  name   = "shop"
  region = "europe-west1"
  target = google_compute_region_instance_group_manager.app.id
  autoscaling_policy {
    min_replicas = 3
    max_replicas = 6
  }
}
`;

  it('picks the table of the provider, each with its region, date and source', () => {
    expect(priceTableFor('aws')).toBe(AWS_PRICES);
    expect(priceTableFor('azure')).toMatchObject({ provider: 'azure', region: 'eastus', recorded: '2026-11-30', source: expect.stringMatching(/^Azure public pay-as-you-go list prices/) });
    expect(priceTableFor('gcp')).toMatchObject({ provider: 'gcp', region: 'us-central1', recorded: '2026-11-30', source: expect.stringMatching(/^Google Cloud public on-demand list prices/) });
    expect(() => priceTableFor('oracle' as 'aws')).toThrow('cloud_provider oracle: no price table (aws, azure or gcp)');
  });

  it('azure: prices the scale set, the zone-redundant database and the cache; says what it cannot price', async () => {
    const estimate = estimateCost(await model(CLEAN_AZURE_TF), priceTableFor('azure'));
    // GP_Standard_D2ds_v5 zone-redundant: 2 × (0.178 × 730 + 128 GB × 0.115) = 289.32; 2 × Standard_D2s_v5 = 140.16; Standard C1 = 100.74.
    expect(estimate.items.map((i) => [i.address, i.monthly])).toEqual([
      ['azurerm_postgresql_flexible_server.orders', 289.32],
      ['azurerm_linux_virtual_machine_scale_set.app', 140.16],
      ['azurerm_redis_cache.sessions', 100.74],
    ]);
    expect(estimate.total).toBe(530.22);
    expect(estimate.unpriced.map((u) => u.address).sort()).toEqual(['azurerm_log_analytics_workspace.main', 'azurerm_storage_account.data']);
    expect(overBudget(estimate, 600)).toBeUndefined();
    expect(overBudget(estimate, 500)).toBe(
      'estimated $530.22/month is over the budget of $500.00: the largest items are azurerm_postgresql_flexible_server.orders $289.32 (GP_Standard_D2ds_v5 × 2 (high availability: ZoneRedundant) + 128 GB); azurerm_linux_virtual_machine_scale_set.app $140.16 (Standard_D2s_v5 × 2 × 730 h (disks not included)); azurerm_redis_cache.sessions $100.74 (Standard_C1 × 730 h)',
    );
  });

  it('gcp: prices the regional database, the cache and the instance group its autoscaler sizes; says what it cannot price', async () => {
    const estimate = estimateCost(await model(CLEAN_GCP_TF + MIG), priceTableFor('gcp'));
    // db-custom-2-7680 REGIONAL: 2 × ((2 × 0.0413 + 7.5 × 0.007) × 730 + 10 GB × 0.17) = 200.65; 3 × e2-medium = 73.37; STANDARD_HA 1 GB = 46.72.
    expect(estimate.items.map((i) => [i.address, i.monthly])).toEqual([
      ['google_sql_database_instance.orders', 200.65],
      ['google_compute_region_instance_group_manager.app', 73.37],
      ['google_redis_instance.sessions', 46.72],
    ]);
    expect(estimate.total).toBe(320.74);
    expect(estimate.unpriced).toEqual([{ address: 'google_storage_bucket.data', why: 'usage-based (storage, requests, transfer): not estimated' }]);
    expect(overBudget(estimate, 400)).toBeUndefined();
    expect(overBudget(estimate, 300)).toBe(
      'estimated $320.74/month is over the budget of $300.00: the largest items are google_sql_database_instance.orders $200.65 (db-custom-2-7680 × 2 (REGIONAL) + 10 GB SSD); google_compute_region_instance_group_manager.app $73.37 (e2-medium × 3 × 730 h (disks not included)); google_redis_instance.sessions $46.72 (STANDARD_HA 1 GB × 730 h)',
    );
  });

  it('names a size its table lacks instead of counting it as free', async () => {
    const estimate = estimateCost(await model(CLEAN_AZURE_TF.replace('sku                             = "Standard_D2s_v5"', 'sku                             = "Standard_X99"')), priceTableFor('azure'));
    expect(estimate.unpriced).toContainEqual({ address: 'azurerm_linux_virtual_machine_scale_set.app', why: 'VM size Standard_X99 is not in the price table' });
  });

  it('multiplies by count, and says when count is not a number it can read', async () => {
    const tf = (count: string) => `resource "aws_instance" "app" {\n  count         = ${count}\n  ami           = "ami-0123456789abcdef0"\n  instance_type = "t3.small"\n}\n`;
    const three = estimateCost(await model(tf('3')));
    expect(three.items).toEqual([{ address: 'aws_instance.app', monthly: 45.55, basis: expect.stringMatching(/× 3 \(count\)$/) }]);
    const none = estimateCost(await model(tf('0')));
    expect(none.items).toEqual([]);
    const unknown = estimateCost(await model(tf('length(var.zones)')));
    expect(unknown.items).toEqual([]);
    expect(unknown.unpriced).toEqual([{ address: 'aws_instance.app', why: expect.stringMatching(/^count is .*length\(var\.zones\).*not a number this estimate can read$/) }]);
  });
});
