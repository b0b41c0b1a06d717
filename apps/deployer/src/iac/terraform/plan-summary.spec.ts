import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanJsonError, planSummary, type PlanSummary } from './plan-summary';

/** A recorded `terraform show -json` document from ./fixtures. */
function recorded(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

type Counts = Pick<PlanSummary, 'add' | 'change' | 'destroy' | 'import' | 'read' | 'noOp' | 'forget' | 'moved'>;
const zero: Counts = { add: 0, change: 0, destroy: 0, import: 0, read: 0, noOp: 0, forget: 0, moved: 0 };

function counts(s: PlanSummary): Counts {
  const { add, change, destroy, import: imports, read, noOp, forget, moved } = s;
  return { add, change, destroy, import: imports, read, noOp, forget, moved };
}

describe('planSummary on recorded plan JSON: counts and sentence as Terraform prints them', () => {
  const cases: ReadonlyArray<[string, Partial<Counts>, string]> = [
    ['create', { add: 1 }, 'Plan: 1 to add, 0 to change, 0 to destroy.'],
    ['update', { change: 1, noOp: 1 }, 'Plan: 0 to add, 1 to change, 0 to destroy.'],
    ['delete', { destroy: 2 }, 'Plan: 0 to add, 0 to change, 2 to destroy.'],
    ['delete-then-create', { add: 1, destroy: 1 }, 'Plan: 1 to add, 0 to change, 1 to destroy.'],
    ['create-then-delete', { add: 2, destroy: 2 }, 'Plan: 2 to add, 0 to change, 2 to destroy.'],
    ['no-op', { noOp: 2 }, 'No changes. Your infrastructure matches the configuration.'],
    ['read', { add: 1, read: 1 }, 'Plan: 1 to add, 0 to change, 0 to destroy.'],
    ['import-no-change', { import: 1 }, 'Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.'],
    ['import-with-update', { import: 2, add: 1, change: 1 }, 'Plan: 2 to import, 1 to add, 1 to change, 0 to destroy.'],
    ['replace-database', { add: 1, change: 1, destroy: 1 }, 'Plan: 1 to add, 1 to change, 1 to destroy.'],
    // create 1 + two replaces → add 3; update 2 (one importing); delete 1 + two replaces → destroy 3.
    ['all-kinds', { add: 3, change: 2, destroy: 3, import: 2, read: 1, noOp: 1 }, 'Plan: 2 to import, 3 to add, 2 to change, 3 to destroy.'],
  ];

  it.each(cases)('%s', (name, expected, sentence) => {
    const summary = planSummary(recorded(name));
    expect(counts(summary)).toEqual({ ...zero, ...expected });
    expect(summary.sentence).toBe(sentence);
  });

  it('lists each shown resource with its address, action and whether it is a replace', () => {
    const actions = (name: string) => planSummary(recorded(name)).resources.map((r) => [r.address, r.action, r.replace]);
    expect(actions('delete-then-create')).toEqual([['aws_instance.web', 'delete-then-create', true]]);
    expect(actions('create-then-delete')).toEqual([
      ['aws_launch_template.web', 'create-then-delete', true],
      ['aws_lb_target_group.web', 'create-then-delete', true],
    ]);
    expect(actions('delete')).toEqual([
      ['aws_security_group.legacy', 'delete', false],
      ['module.net.aws_subnet.old["b"]', 'delete', false],
    ]);
    // A no-op is hidden, as Terraform hides it; a read is listed (it shows "will be read during apply").
    expect(actions('update')).toEqual([['aws_instance.web', 'update', false]]);
    expect(actions('read')).toEqual([
      ['data.aws_ami.ubuntu', 'read', false],
      ['aws_instance.web', 'create', false],
    ]);
  });

  it('names the replaced database with its type, so the gate can ask for a second approver', () => {
    const summary = planSummary(recorded('replace-database'));
    const replaced = summary.resources.filter((r) => r.replace);
    expect(replaced).toEqual([
      expect.objectContaining({ address: 'module.data.aws_db_instance.main', type: 'aws_db_instance', action: 'delete-then-create', mode: 'managed' }),
    ]);
    expect(summary.hasChanges).toBe(true);
  });

  it('keeps imports apart, with their import id, whether or not they change anything', () => {
    const summary = planSummary(recorded('import-with-update'));
    expect(summary.resources.map((r) => [r.address, r.action, r.importing?.id])).toEqual([
      ['aws_s3_bucket.assets', 'update', 'jetway-assets'],
      ['aws_iam_role.deployer', 'no-op', 'deployer'],
      ['aws_s3_bucket_versioning.assets', 'create', undefined],
    ]);
    expect(planSummary(recorded('import-no-change')).hasChanges).toBe(true);
  });

  it('says "no changes" only for a plan that changes nothing', () => {
    expect(planSummary(recorded('no-op')).hasChanges).toBe(false);
    expect(planSummary(recorded('no-op')).resources).toEqual([]);
    expect(planSummary(recorded('read')).hasChanges).toBe(true);
  });

  it('counts a move without other changes apart, and skips a data source delete as Terraform does', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_vpc.this', previous_address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', change: { actions: ['no-op'] } },
        { address: 'data.aws_ami.old', mode: 'data', type: 'aws_ami', change: { actions: ['delete'] } },
        { address: 'aws_instance.gone', mode: 'managed', type: 'aws_instance', change: { actions: ['forget'] } },
      ],
    };
    const summary = planSummary(plan);
    expect(counts(summary)).toEqual({ ...zero, moved: 1, forget: 1 });
    expect(summary.sentence).toBe('Plan: 0 to add, 0 to change, 0 to destroy.');
    expect(summary.resources.map((r) => [r.address, r.movedFrom])).toEqual([
      ['aws_vpc.this', 'aws_vpc.main'],
      ['aws_instance.gone', undefined],
    ]);
  });

  it('hashes the plan stably: key order, whitespace and the timestamp do not change it, a change does', () => {
    const plan = recorded('replace-database');
    const reordered = Object.fromEntries(Object.entries(plan).reverse());
    const later = { ...plan, timestamp: '2026-02-01T00:00:00Z' };
    const hash = planSummary(plan).hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(planSummary(JSON.parse(JSON.stringify(reordered, null, 4))).hash).toBe(hash);
    expect(planSummary(later).hash).toBe(hash);
    expect(planSummary({ ...plan, terraform_version: '1.9.9' }).hash).not.toBe(hash);
    expect(planSummary(recorded('create')).hash).not.toBe(hash);
  });
});

describe('planSummary refuses what it cannot read', () => {
  it('refuses an unknown format major version, saying which versions it knows', () => {
    expect(() => planSummary({ ...recorded('create'), format_version: '2.0' })).toThrow(
      /format_version 2\.0 is not supported: this reader knows major version 1/,
    );
  });

  it('accepts a newer minor version (minor versions only add fields)', () => {
    expect(planSummary({ ...recorded('create'), format_version: '1.9', new_field: { x: 1 } }).add).toBe(1);
  });

  it('refuses the human plan text or a missing format_version', () => {
    expect(() => planSummary('Plan: 1 to add, 0 to change, 0 to destroy.')).toThrow(PlanJsonError);
    expect(() => planSummary({ resource_changes: [] })).toThrow(/format_version: missing/);
  });

  it('names the field of a malformed resource change', () => {
    const plan = { format_version: '1.2', resource_changes: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', change: { actions: ['explode'] } }] };
    expect(() => planSummary(plan)).toThrow(/plan JSON field resource_changes\.0\.change\.actions\.0/);
  });

  it('refuses an action list Terraform never writes', () => {
    const plan = { format_version: '1.2', resource_changes: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', change: { actions: ['update', 'delete'] } }] };
    expect(() => planSummary(plan)).toThrow(/resource aws_vpc\.main: actions \[update, delete\] is not a Terraform action/);
  });
});
