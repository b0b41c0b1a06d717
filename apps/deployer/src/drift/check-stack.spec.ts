import { InfrastructureSpec, parseMessaging } from '@jetway/contracts';
import { checkStack } from './check-stack';
import type { AppliedStack, DriftProbe, PartPlan } from './drift.ports';
import { plannedChangeOf } from './messaging-drift.probe';

const spec = InfrastructureSpec.parse({
  stack: 'orders', requested_by: 'ana', environment_type: 'staging', compliance_requirements: [], iac_tool: 'terraform',
  messaging: parseMessaging({ managed_prefix: 'orders', streams: [{ name: 'ORDERS', subjects: ['orders.>'] }] }),
});
const record: AppliedStack = {
  stack: 'orders', environment: 'staging', digest: `sha256:${'a'.repeat(64)}`, plan_hash: 'b'.repeat(64), spec,
  run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', applied_at: '2026-01-01T00:00:00Z', sequence: 1,
};

/** A probe answering as told: a plan, or the error a check that cannot run throws. */
const probe = (part: string, answer: PartPlan | Error, covers = true): DriftProbe => ({
  part,
  covers: () => covers,
  plan: async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  },
});
const none: PartPlan = { changes: [], detail: 'no change' };
const one: PartPlan = { changes: [{ address: 'aws_s3_bucket.logs', action: 'update' }], detail: '1 to change' };

describe('checkStack (the parts of a stack re-planned and combined)', () => {
  it('is in sync when every part it has plans no change, naming each part', async () => {
    expect(await checkStack(record, [probe('terraform', none), probe('jetstream', none), probe('ansible', one, false)])).toEqual({ status: 'in_sync', detail: 'terraform: no change; jetstream: no change' });
  });

  it('is drifted when any part would change, even if another could not be checked', async () => {
    const check = await checkStack(record, [probe('terraform', one), probe('ansible', new Error('ansible-playbook is not on PATH'))]);
    expect(check).toEqual({ status: 'drifted', changes: one.changes, detail: 'terraform: 1 to change; ansible: could not check (ansible-playbook is not on PATH)' });
  });

  it('is unknown, never in sync, when a part without changes could not be checked', async () => {
    const check = await checkStack(record, [probe('terraform', none), probe('jetstream', new Error('no answer from nats-server'))]);
    expect(check).toEqual({ status: 'unknown', why: 'terraform: no change; jetstream: could not check (no answer from nats-server)' });
  });

  it('is unknown, saying why, for a stack no probe covers (files generated only)', async () => {
    const check = await checkStack({ ...record, spec: { ...spec, iac_tool: 'pulumi', messaging: undefined } }, [probe('terraform', none, false)]);
    expect(check).toMatchObject({ status: 'unknown', why: expect.stringContaining('iac_tool pulumi') });
  });
});

describe('plannedChangeOf (a JetStream change as a planned change)', () => {
  it('names the object and the settings that differ as actual → declared', () => {
    expect(plannedChangeOf({ action: 'update', kind: 'stream', name: 'ORDERS', differences: [{ setting: 'max_age_seconds', actual: 7200, declared: 3600 }, { setting: 'max_msgs', actual: -1, declared: 10 }] })).toEqual({
      address: 'jetstream.stream.ORDERS',
      action: 'update max_age_seconds 7200 → 3600, max_msgs -1 → 10',
    });
    expect(plannedChangeOf({ action: 'create', kind: 'consumer', name: 'ORDERS/billing', differences: [] })).toEqual({ address: 'jetstream.consumer.ORDERS/billing', action: 'create' });
    expect(plannedChangeOf({ action: 'replace', kind: 'stream', name: 'ORDERS', differences: [{ setting: 'storage', actual: 'memory', declared: 'file' }], reason: 'cannot change storage in place' }).action).toBe(
      'replace storage "memory" → "file" (cannot change storage in place)',
    );
  });
});
