import type { KV } from 'nats';
import type { z } from 'zod';
import { KvStore, TransientError, type Mesh } from '@jetway/messaging';
import { ApplyMarker, ChangelogEntry, ReviewedPlan, StackLock, StackRecord, stackKeys } from './stack-records';

/** What `tryLock` found: the lock is ours now (or already was), or who holds it. */
export type LockAttempt = { readonly taken: true; readonly already: boolean } | { readonly taken: false; readonly holder: StackLock };

/**
 * The stack store: infrastructure stacks in the KV bucket `jetway-infra` — locks, the last applied
 * configuration per stack environment, the changelog, reviewed plans and apply markers. Every
 * value is checked against its schema on the way in and out. Stateless beyond the bucket: any
 * number of deployers (and the drift checker) share it.
 */
export class InfraStackStore {
  private readonly locks: KvStore<typeof StackLock>;
  private readonly records: KvStore<typeof StackRecord>;
  private readonly entries: KvStore<typeof ChangelogEntry>;
  private readonly plans: KvStore<typeof ReviewedPlan>;
  private readonly markers: KvStore<typeof ApplyMarker>;

  constructor(private readonly kv: KV) {
    this.locks = new KvStore(kv, StackLock);
    this.records = new KvStore(kv, StackRecord);
    this.entries = new KvStore(kv, ChangelogEntry);
    this.plans = new KvStore(kv, ReviewedPlan);
    this.markers = new KvStore(kv, ApplyMarker);
  }

  static of(mesh: Mesh): InfraStackStore {
    return new InfraStackStore(mesh.kv('infra'));
  }

  // --- locks -------------------------------------------------------------------------------

  /** Who holds (stack, environment); undefined when free. */
  async lockOf(stack: string, environment: string): Promise<StackLock | undefined> {
    return (await this.locks.get(stackKeys.lock(stack, environment)))?.value;
  }

  /** Takes the lock with KV create(): exactly one run wins. A lock the same run holds counts as taken. */
  async tryLock(lock: StackLock): Promise<LockAttempt> {
    const key = stackKeys.lock(lock.stack, lock.environment);
    for (let tries = 0; tries < 3; tries += 1) {
      if ((await this.locks.create(key, lock)) !== false) return { taken: true, already: false };
      const holder = await this.locks.get(key);
      if (!holder) continue; // released between our create and get: try again
      if (holder.value.run_id === lock.run_id) return { taken: true, already: true };
      return { taken: false, holder: holder.value };
    }
    throw new TransientError(`the lock ${key} changed hands three times while it was taken: try again`);
  }

  /** Releases (stack, environment) if `runId` holds it (compare-and-delete); true when it did. */
  async unlock(stack: string, environment: string, runId: string): Promise<boolean> {
    const key = stackKeys.lock(stack, environment);
    const held = await this.locks.get(key);
    if (!held || held.value.run_id !== runId) return false;
    try {
      await this.kv.delete(key, { previousSeq: held.revision });
      return true;
    } catch {
      return false; // taken over meanwhile (it was not ours any more)
    }
  }

  /** Every lock held now. */
  async allLocks(): Promise<StackLock[]> {
    return this.values(this.locks, 'lock.>');
  }

  // --- stack records -----------------------------------------------------------------------

  /** The configuration (stack, environment) last had applied; undefined before its first apply. */
  async stack(stack: string, environment: string): Promise<StackRecord | undefined> {
    return (await this.records.get(stackKeys.stack(stack, environment)))?.value;
  }

  /** Every applied stack environment (what a drift schedule walks). */
  async stacks(): Promise<StackRecord[]> {
    return this.values(this.records, 'stack.>');
  }

  async putStack(record: StackRecord): Promise<void> {
    await this.records.put(stackKeys.stack(record.stack, record.environment), record);
  }

  // --- changelog ---------------------------------------------------------------------------

  /** The stack environment's changelog, oldest first. */
  async changelog(stack: string, environment: string): Promise<ChangelogEntry[]> {
    const entries = await this.values(this.entries, `changelog.${stack}.${environment}.*`);
    return entries.sort((a, b) => a.sequence - b.sequence);
  }

  /**
   * Appends an entry with the next sequence number (create(): two appends never share one).
   * Idempotent per plan: when the changelog already has an entry for `entry.plan_hash`, that one
   * is returned and nothing is written.
   */
  async appendChangelog(entry: Omit<ChangelogEntry, 'sequence'>): Promise<ChangelogEntry> {
    for (let tries = 0; tries < 5; tries += 1) {
      const existing = await this.changelog(entry.stack, entry.environment);
      const same = existing.find((e) => e.plan_hash === entry.plan_hash);
      if (same) return same;
      const next = { ...entry, sequence: (existing.at(-1)?.sequence ?? 0) + 1 };
      if ((await this.entries.create(stackKeys.changelog(entry.stack, entry.environment, next.sequence), next)) !== false) return next;
    }
    throw new TransientError(`the changelog of ${entry.stack}/${entry.environment} kept moving while appending: try again`);
  }

  // --- reviewed plans and apply markers ----------------------------------------------------

  async putPlan(plan: ReviewedPlan): Promise<void> {
    await this.plans.put(stackKeys.plan(plan.hash), plan);
  }

  /** The plan reviewed under `hash`; undefined when no plan step stored it. */
  async plan(hash: string): Promise<ReviewedPlan | undefined> {
    return (await this.plans.get(stackKeys.plan(hash)))?.value;
  }

  /** The apply marker of a plan hash; undefined when its apply never started. */
  async marker(hash: string): Promise<ApplyMarker | undefined> {
    return (await this.markers.get(stackKeys.apply(hash)))?.value;
  }

  async putMarker(marker: ApplyMarker): Promise<void> {
    await this.markers.put(stackKeys.apply(marker.hash), marker);
  }

  private async values<S extends z.ZodType>(store: KvStore<S>, filter: string): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    for (const key of await store.keys(filter)) {
      const entry = await store.get(key);
      if (entry) out.push(entry.value);
    }
    return out;
  }
}
