import { createHash } from 'node:crypto';
import { PermanentError } from '@jetway/messaging';
import { z } from 'zod';

// Reads `terraform show -json <planfile>` (https://developer.hashicorp.com/terraform/internals/json-format)
// and counts the way Terraform's own plan renderer does (internal/command/jsonformat/plan.go):
// a no-op is skipped unless it moves or imports, a data source's delete is not shown, and
//   add = create + delete-then-create + create-then-delete (+ create-then-forget)
//   change = update
//   destroy = delete + delete-then-create + create-then-delete
// Imports are counted apart ("N to import, " before the rest), and so are reads (data sources).

/** The major format version this reader understands; minor versions only add fields. */
export const SUPPORTED_PLAN_FORMAT_MAJOR = 1;

const Action = z.enum(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
const ResourceChange = z.object({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  mode: z.enum(['managed', 'data']),
  type: z.string().min(1),
  change: z.object({
    actions: z.array(Action).min(1).max(2),
    importing: z.object({ id: z.string().optional() }).loose().optional(),
  }),
});
const PlanJson = z.object({
  format_version: z.string().regex(/^\d+\.\d+$/, 'expected "<major>.<minor>"'),
  terraform_version: z.string().optional(),
  resource_changes: z.array(ResourceChange).optional(),
  output_changes: z.record(z.string(), z.object({ actions: z.array(Action).min(1) })).optional(),
  errored: z.boolean().optional(),
});

/** One of Terraform's plan actions (plans.Action), from the `actions` list of a resource change. */
export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'delete-then-create' | 'create-then-delete' | 'forget' | 'create-then-forget';

/** A resource instance the plan shows, in the order `resource_changes` lists it. */
export interface PlannedResource {
  readonly address: string;
  /** The resource type (`aws_db_instance`): what the review gate's protected kinds match on. */
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly action: PlanAction;
  /** Both replace orders: the object is destroyed and created again. */
  readonly replace: boolean;
  /** Set when the plan imports an existing object (`change.importing`), with its import id. */
  readonly importing: { readonly id: string | undefined } | undefined;
  /** Set when the instance moves from another address (`previous_address`). */
  readonly movedFrom: string | undefined;
}

/** What a plan does, counted as Terraform counts it. */
export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Instances imported (with or without other changes); Terraform prints "N to import, " first. */
  readonly import: number;
  /** Data sources read during apply: listed by Terraform, not in its "Plan:" line. */
  readonly read: number;
  /** Instances that stay as they are (`no-op`, not moved or imported): Terraform does not show them. */
  readonly noOp: number;
  /** Instances removed from state without being destroyed (`forget`, Terraform ≥ 1.7). */
  readonly forget: number;
  /** Instances only moved to a new address. */
  readonly moved: number;
  /** Every instance the plan touches (everything but the hidden no-ops), with its action. */
  readonly resources: readonly PlannedResource[];
  /** Terraform's summary line: "Plan: 1 to add, 0 to change, 0 to destroy." or "No changes. …". */
  readonly sentence: string;
  /** Terraform's "not empty" (plan -detailed-exitcode 2): an instance shown (a read, an import, a move) or an output changes. */
  readonly hasChanges: boolean;
  /**
   * sha256 (hex) of the plan JSON with object keys sorted and the volatile `timestamp` left out:
   * equal for two plans that say the same thing, whatever their key order or whitespace.
   */
  readonly hash: string;
}

/** The JSON is not a plan this reader understands: which field, and what to do about it. */
export class PlanJsonError extends PermanentError {}

const NO_CHANGES = 'No changes. Your infrastructure matches the configuration.';

/** Summarises `terraform show -json` output; throws `PlanJsonError` naming the field at fault. */
export function planSummary(planJson: unknown): PlanSummary {
  checkFormatVersion(planJson);
  const parsed = PlanJson.safeParse(planJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new PlanJsonError(`plan JSON field ${field}: ${issue?.message ?? 'invalid'} — pass the output of \`terraform show -json <planfile>\``);
  }
  const counts = { add: 0, change: 0, destroy: 0, import: 0, read: 0, noOp: 0, forget: 0, moved: 0 };
  const resources: PlannedResource[] = [];
  for (const rc of parsed.data.resource_changes ?? []) {
    const action = planAction(rc.address, rc.change.actions);
    const movedFrom = rc.previous_address && rc.previous_address !== rc.address ? rc.previous_address : undefined;
    const importing = rc.change.importing ? { id: rc.change.importing.id } : undefined;
    if (action === 'no-op' && !movedFrom && !importing) {
      counts.noOp++;
      continue;
    }
    if (action === 'delete' && rc.mode !== 'managed') continue; // Terraform does not show a data source's delete.
    if (importing) counts.import++;
    if (movedFrom && action === 'no-op') counts.moved++;
    count(counts, action);
    const replace = action === 'delete-then-create' || action === 'create-then-delete';
    resources.push({ address: rc.address, type: rc.type, mode: rc.mode, action, replace, importing, movedFrom });
  }
  const outputsChange = Object.values(parsed.data.output_changes ?? {}).some((o) => o.actions.some((a) => a !== 'no-op'));
  const sentence = resources.length === 0 ? (outputsChange ? 'Changes to Outputs only: no resource changes.' : NO_CHANGES) : planLine(counts);
  // As Terraform's Changes.Empty(): any shown instance (a read included) or output makes a change.
  const hasChanges = resources.length > 0 || outputsChange;
  return { ...counts, resources, sentence, hasChanges, hash: planHash(planJson) };
}

/** Terraform's "Plan:" line, with "N to import, " only when something is imported. */
export function planLine(counts: { add: number; change: number; destroy: number; import: number }): string {
  const imports = counts.import > 0 ? `${counts.import} to import, ` : '';
  return `Plan: ${imports}${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy.`;
}

/** sha256 of the plan JSON in canonical form (sorted keys, no `timestamp`): see `PlanSummary.hash`. */
export function planHash(planJson: unknown): string {
  const { timestamp: _volatile, ...rest } = planJson as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function checkFormatVersion(planJson: unknown): void {
  const version = typeof planJson === 'object' && planJson !== null ? (planJson as Record<string, unknown>)['format_version'] : undefined;
  if (typeof version !== 'string') {
    throw new PlanJsonError('plan JSON field format_version: missing — pass the output of `terraform show -json <planfile>`, not the human plan text');
  }
  const major = Number(version.split('.')[0]);
  if (major !== SUPPORTED_PLAN_FORMAT_MAJOR) {
    throw new PlanJsonError(
      `plan JSON format_version ${version} is not supported: this reader knows major version ${SUPPORTED_PLAN_FORMAT_MAJOR} — ` +
        'use a Terraform (or OpenTofu) release whose `show -json` writes format 1.x, or teach planSummary the new format',
    );
  }
}

/** plans.Action from the JSON `actions` list (jsonplan.UnmarshalActions). */
function planAction(address: string, actions: readonly string[]): PlanAction {
  const key = actions.join(',');
  switch (key) {
    case 'no-op':
    case 'create':
    case 'read':
    case 'update':
    case 'delete':
    case 'forget':
      return key;
    case 'delete,create':
      return 'delete-then-create';
    case 'create,delete':
      return 'create-then-delete';
    case 'create,forget':
      return 'create-then-forget';
    default:
      throw new PlanJsonError(`plan JSON resource ${address}: actions [${actions.join(', ')}] is not a Terraform action — expected one of Terraform's documented action lists`);
  }
}

function count(counts: Record<'add' | 'change' | 'destroy' | 'read' | 'forget', number>, action: PlanAction): void {
  if (action === 'create' || action === 'create-then-forget') counts.add++;
  if (action === 'update') counts.change++;
  if (action === 'delete') counts.destroy++;
  if (action === 'delete-then-create' || action === 'create-then-delete') {
    counts.add++;
    counts.destroy++;
  }
  if (action === 'read') counts.read++;
  if (action === 'forget' || action === 'create-then-forget') counts.forget++;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
