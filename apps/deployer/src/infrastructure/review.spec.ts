import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraPlanReview } from '@jetway/contracts';
import type { MessagingChange, MessagingPlan } from '../iac/jetstream';
import { planSummary } from '../iac/terraform';
import { isProtectedType } from './protected-kinds';
import { configurationLines, reviewHash, reviewOf } from './review';

const fixture = (name: string) => planSummary(JSON.parse(readFileSync(join(__dirname, '../iac/terraform/fixtures', `${name}.json`), 'utf8')));
const ID = { stack: 'shop', environment: 'staging' as const, run_id: '01HZX3K9V7Q8R2T4W6Y8A0C2E4' };
const FILE_HASH = 'f'.repeat(64);

function messagingPlan(changes: Partial<MessagingChange>[]): MessagingPlan {
  const full = changes.map((c) => ({ action: 'create', kind: 'stream', name: 'ORDERS', differences: [], ...c }) as MessagingChange);
  return { scope: { prefix: 'ORD' }, changes: full, hash: `sha256:${'a'.repeat(64)}`, inSync: full.every((c) => c.action === 'no-op') };
}

describe('reviewHash', () => {
  it('is the plan file sha256 for a Terraform plan alone', () => {
    expect(reviewHash({ terraform: FILE_HASH }, ID)).toBe(FILE_HASH);
  });

  it('is one sha256 over the parts, the stack, environment and run otherwise — documented text, parts in name order', () => {
    const expected = createHash('sha256')
      .update(`jetway-infra-plan/1\nstack:shop\nenvironment:staging\nrun:${ID.run_id}\nmessaging:${'a'.repeat(64)}\nterraform:${FILE_HASH}\n`)
      .digest('hex');
    expect(reviewHash({ terraform: FILE_HASH, messaging: `sha256:${'a'.repeat(64)}` }, ID)).toBe(expected);
  });

  it('differs per run and environment for the same messaging plan: a later run never finds this run\'s apply', () => {
    const one = reviewHash({ messaging: `sha256:${'a'.repeat(64)}` }, ID);
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(reviewHash({ messaging: `sha256:${'a'.repeat(64)}` }, { ...ID, run_id: '01HZX3K9V7Q8R2T4W6Y8A0C2E5' })).not.toBe(one);
    expect(reviewHash({ messaging: `sha256:${'a'.repeat(64)}` }, { ...ID, environment: 'production' })).not.toBe(one);
  });

  it('refuses a plan with no part', () => {
    expect(() => reviewHash({}, ID)).toThrow('at least one part');
  });
});

describe('reviewOf', () => {
  it('counts as Terraform does and lists what a plan touches (all kinds)', () => {
    const review = reviewOf({ terraform: { summary: fixture('all-kinds'), hash: FILE_HASH } }, ID);
    expect(InfraPlanReview.parse(review)).toEqual(review);
    expect(review).toMatchObject({ hash: FILE_HASH, environment: 'staging', add: 3, change: 2, destroy: 3, import: 2 });
    expect(review.changes.map((c) => c.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete', 'delete-then-create', 'create-then-delete', 'read']));
    expect(review.protected_destroys).toEqual([]); // an instance and a security group: nothing protected
  });

  it('names a replaced database as a protected destroy, not its parameter group', () => {
    const review = reviewOf({ terraform: { summary: fixture('replace-database'), hash: FILE_HASH } }, ID);
    expect(review.protected_destroys).toEqual(['module.data.aws_db_instance.main']);
    expect(review).toMatchObject({ add: 1, change: 1, destroy: 1 });
  });

  it('counts messaging changes (replace = add + destroy) and protects deleted or replaced streams and buckets, not consumers', () => {
    const plan = messagingPlan([
      { action: 'create', kind: 'stream', name: 'ORD_NEW' },
      { action: 'update', kind: 'consumer', name: 'ORD_A/worker' },
      { action: 'delete', kind: 'consumer', name: 'ORD_A/old' },
      { action: 'replace', kind: 'stream', name: 'ORD_B' },
      { action: 'delete', kind: 'kv', name: 'ORD_CONFIG' },
      { action: 'no-op', kind: 'stream', name: 'ORD_C' },
    ]);
    const review = reviewOf({ messaging: plan }, ID);
    expect(review).toMatchObject({ add: 2, change: 1, destroy: 3 });
    expect(review.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create jetstream.stream.ORD_NEW', 'update jetstream.consumer.ORD_A/worker', 'delete jetstream.consumer.ORD_A/old', 'replace jetstream.stream.ORD_B', 'delete jetstream.kv.ORD_CONFIG',
    ]);
    expect(review.protected_destroys).toEqual(['jetstream.stream.ORD_B', 'jetstream.kv.ORD_CONFIG']);
  });

  it('keeps the counts exact when more changes than the contract lists', () => {
    const many = messagingPlan(Array.from({ length: 600 }, (_, i) => ({ action: 'create' as const, name: `ORD_${i}` })));
    const review = reviewOf({ messaging: many }, ID);
    expect(review.add).toBe(600);
    expect(review.changes).toHaveLength(500);
    expect(review.changes.at(-1)?.address).toBe('(101 more changes, not listed; the counts include them)');
    expect(() => InfraPlanReview.parse(review)).not.toThrow();
  });

  it('carries the configuration stage\'s check-mode lines, with why a task failed in check mode', () => {
    const lines = configurationLines({
      hosts: { web1: { ok: 2, changed: 1, failed: 1, unreachable: 0, skipped: 0 } },
      tasks: [
        { host: 'web1', task: 'settings', action: 'copy', status: 'ok', changed: true, msg: '', diff: '' },
        { host: 'web1', task: 'restart', action: 'service', status: 'failed', changed: false, msg: 'no such service', diff: '' },
      ],
    });
    expect(lines).toEqual(['web1: 1 to change, 1 ok, 1 failed, 0 unreachable (settings)', 'web1: task "restart" failed in check mode: no such service']);
    expect(reviewOf({ messaging: messagingPlan([]), configuration: lines }, ID).configuration).toEqual(lines);
  });
});

describe('protected kinds', () => {
  it.each([
    ['aws_db_instance', true], ['aws_rds_cluster', true], ['azurerm_postgresql_flexible_server', true], ['azurerm_mssql_database', true],
    ['google_sql_database_instance', true], ['aws_s3_bucket', true], ['azurerm_storage_account', true], ['google_storage_bucket', true],
    ['aws_kms_key', true], ['azurerm_key_vault', true], ['azurerm_key_vault_key', true], ['google_kms_crypto_key', true],
    ['aws_s3_bucket_policy', false], ['azurerm_postgresql_firewall_rule', false], ['google_kms_crypto_key_iam_member', false], ['aws_instance', false], ['aws_db_parameter_group', false],
  ])('%s → %s', (type, expected) => {
    expect(isProtectedType(type)).toBe(expected);
  });
});
