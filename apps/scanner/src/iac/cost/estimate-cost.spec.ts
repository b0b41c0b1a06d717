import { parseTerraform } from '../terraform-model';
import { CLEAN_MAIN_TF } from '../iac-fixtures.testing';
import { AWS_PRICES, estimateCost, overBudget } from './estimate-cost';

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
