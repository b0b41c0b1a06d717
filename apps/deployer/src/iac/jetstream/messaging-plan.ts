import { createHash } from 'node:crypto';
import { inScope, type DeclaredConsumer, type DeclaredKv, type DeclaredStream, type MessagingDeclaration, type MessagingScope } from '@jetway/contracts';

/** What a live server holds, read back into the declaration's own shape (readActual). */
export interface ActualMessaging {
  readonly streams: readonly DeclaredStream[];
  readonly consumers: readonly DeclaredConsumer[];
  readonly kv: readonly DeclaredKv[];
}

/**
 * create / delete: the object is added or removed. update: changed in place, nothing lost.
 * replace: nats-server cannot change a setting in place, so the object is deleted and created
 * again; for a stream that drops its messages and consumers (`reason` says which setting).
 */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op';
export type ChangeKind = 'stream' | 'consumer' | 'kv';

export interface SettingDifference {
  readonly setting: string;
  /** null where the server has no value for it. */
  readonly actual: unknown;
  readonly declared: unknown;
}

export interface MessagingChange {
  readonly action: ChangeAction;
  readonly kind: ChangeKind;
  /** Stream name, bucket name, or `<stream>/<durable>` for a consumer. */
  readonly name: string;
  readonly differences: readonly SettingDifference[];
  /** Why a change is a replace. */
  readonly reason?: string;
  /** What create, update and replace write; absent for delete and no-op. */
  readonly declared?: DeclaredStream | DeclaredConsumer | DeclaredKv;
  /** The consumer's stream (consumer changes only). */
  readonly stream?: string;
}

export interface MessagingPlan {
  readonly scope: MessagingScope;
  /** Deterministic order: streams, consumers, buckets; by name within each. */
  readonly changes: readonly MessagingChange[];
  /** sha256 of the scope and changes: an apply must name it (the review binds to it). */
  readonly hash: string;
  /** No change other than no-op: the server matches the declaration. */
  readonly inSync: boolean;
}

const STREAM_IMMUTABLE = new Set(['retention', 'storage']);
const CONSUMER_IMMUTABLE = new Set(['deliver_policy', 'ack_policy']);

/** The diff between a declaration and what a server holds; pure. Objects outside the scope are never in it. */
export function planMessaging(declared: MessagingDeclaration, actual: ActualMessaging, scope: MessagingScope = { prefix: declared.managed_prefix }): MessagingPlan {
  const streams = planStreams(declared.streams, actual.streams.filter((s) => inScope(scope, s.name)));
  const rebuilt = new Set(streams.filter((c) => c.action === 'replace').map((c) => c.name));
  const ownedStreams = new Set(actual.streams.filter((s) => inScope(scope, s.name)).map((s) => s.name));
  const consumers = planConsumers(declared.consumers, actual.consumers.filter((c) => ownedStreams.has(c.stream)), rebuilt);
  const kv = planKv(declared.kv, actual.kv.filter((b) => inScope(scope, b.bucket)));
  const changes = [...streams, ...consumers, ...kv];
  return { scope, changes, hash: planHash(scope, changes), inSync: changes.every((c) => c.action === 'no-op') };
}

function planStreams(declared: readonly DeclaredStream[], actual: readonly DeclaredStream[]): MessagingChange[] {
  return diffObjects(declared, actual, (s) => s.name, (want, have) => {
    const differences = differencesOf(want, have);
    const fixed = differences.filter((d) => STREAM_IMMUTABLE.has(d.setting));
    return fixed.length > 0
      ? { action: 'replace', reason: `nats-server cannot change a stream's ${fixed.map((d) => d.setting).join(' and ')} in place: the stream is deleted (with its messages and consumers) and created again`, differences }
      : { action: differences.length > 0 ? 'update' : 'no-op', differences };
  }).map((c) => ({ ...c, kind: 'stream' as const }));
}

function planConsumers(declared: readonly DeclaredConsumer[], actual: readonly DeclaredConsumer[], rebuiltStreams: ReadonlySet<string>): MessagingChange[] {
  const key = (c: DeclaredConsumer) => `${c.stream}/${c.name}`;
  return diffObjects(declared, actual, key, (want, have) => {
    const differences = differencesOf(want, have);
    const fixed = differences.filter((d) => CONSUMER_IMMUTABLE.has(d.setting));
    if (rebuiltStreams.has(want.stream)) return { action: 'replace', reason: `its stream ${want.stream} is replaced, which deletes its consumers`, differences };
    if (fixed.length > 0) {
      return { action: 'replace', reason: `nats-server cannot change a consumer's ${fixed.map((d) => d.setting).join(' and ')} in place: the durable is deleted (losing its position) and created again`, differences };
    }
    return { action: differences.length > 0 ? 'update' : 'no-op', differences };
  }).map((c) => ({ ...c, kind: 'consumer' as const, stream: c.declared?.stream ?? c.name.split('/')[0] }));
}

function planKv(declared: readonly DeclaredKv[], actual: readonly DeclaredKv[]): MessagingChange[] {
  return diffObjects(declared, actual, (b) => b.bucket, (want, have) => {
    const differences = differencesOf(want, have);
    return { action: differences.length > 0 ? 'update' : 'no-op', differences };
  }).map((c) => ({ ...c, kind: 'kv' as const }));
}

type Compared = Pick<MessagingChange, 'action' | 'differences' | 'reason'>;
type Diffed<T> = Compared & { readonly name: string; readonly declared?: T };

function diffObjects<T extends object>(declared: readonly T[], actual: readonly T[], key: (t: T) => string, compare: (want: T, have: T) => Compared): Diffed<T>[] {
  const have = new Map(actual.map((a) => [key(a), a]));
  const wanted = new Set(declared.map(key));
  const changes: Diffed<T>[] = declared.map((want) => {
    const current = have.get(key(want));
    const compared: Compared = current ? compare(want, current) : { action: 'create', differences: [] };
    return { name: key(want), ...compared, ...(compared.action === 'no-op' ? {} : { declared: want }) };
  });
  for (const gone of actual.filter((a) => !wanted.has(key(a)))) changes.push({ name: key(gone), action: 'delete', differences: [] });
  return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function differencesOf<T extends object>(declared: T, actual: T): SettingDifference[] {
  const settings = Object.keys(declared).filter((k) => k !== 'name' && k !== 'stream' && k !== 'bucket');
  return settings
    .map((setting) => ({ setting, actual: field(actual, setting) ?? null, declared: field(declared, setting) ?? null }))
    .filter((d) => canonical(d.actual) !== canonical(d.declared));
}

function field(object: object, key: string): unknown {
  return (object as Record<string, unknown>)[key];
}

function planHash(scope: MessagingScope, changes: readonly MessagingChange[]): string {
  return `sha256:${createHash('sha256').update(canonical({ scope, changes })).digest('hex')}`;
}

/** JSON with object keys sorted at every level: the same plan always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash a plan should carry: recomputed by apply, so an edited plan does not pass as reviewed. */
export function hashOf(plan: Pick<MessagingPlan, 'scope' | 'changes'>): string {
  return planHash(plan.scope, plan.changes);
}

/** One line for a review, a drift report or a log: "in sync (…)" or the changes with actual → declared. */
export function describePlan(plan: MessagingPlan): string {
  const count = (kind: ChangeKind) => plan.changes.filter((c) => c.kind === kind && c.action !== 'delete').length;
  if (plan.inSync) return `in sync: ${count('stream')} streams, ${count('consumer')} consumers, ${count('kv')} KV buckets match the declaration (${plan.hash.slice(0, 19)})`;
  const parts = plan.changes
    .filter((c) => c.action !== 'no-op')
    .map((c) => {
      const settings = c.differences.map((d) => `${d.setting} ${canonical(d.actual)} → ${canonical(d.declared)}`).join(', ');
      return `${c.action} ${c.kind} ${c.name}${settings ? ` (${settings})` : ''}`;
    });
  return `${parts.length} change${parts.length === 1 ? '' : 's'}: ${parts.join('; ')} (${plan.hash.slice(0, 19)})`;
}
