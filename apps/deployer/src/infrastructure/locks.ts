import type { EnvironmentType } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { StackLock } from './stack-records';
import type { InfraStackStore } from './stack-store';

/** The store operations locking needs. */
export type LockStore = Pick<InfraStackStore, 'tryLock' | 'unlock' | 'allLocks' | 'lockOf'>;

/** Another run holds a stack environment: fails the step at once, naming the holder. Retrying does not help until that run ends. */
export class LockHeldError extends PermanentError {
  constructor(readonly holder: StackLock, now: Date) {
    super(
      `stack ${holder.stack}/${holder.environment} is locked by run ${holder.run_id} (requested by ${holder.requested_by}, ` +
        `since ${holder.since}, ${ago(Date.parse(holder.since), now.getTime())}): nothing was planned — wait for that run to end ` +
        `(jetway status ${holder.run_id}) or reject it, then run again`,
    );
  }
}

/** The step runs for a run that does not hold its stack environment's lock (released or taken by another run). */
export class LockNotHeldError extends PermanentError {
  constructor(stack: string, environment: string, runId: string, holder: StackLock | undefined, what: string) {
    const who = holder ? `run ${holder.run_id} (requested by ${holder.requested_by} since ${holder.since}) holds it` : 'no run holds it (the run that took it ended)';
    super(`run ${runId} does not hold the lock of ${stack}/${environment}: ${who} — nothing was ${what}; plan again in a new run`);
  }
}

export interface LockRequest {
  readonly stack: string;
  readonly environments: readonly EnvironmentType[];
  readonly run_id: string;
  readonly requested_by: string;
  readonly now: Date;
}

/**
 * Takes the locks of every environment before anything is planned (all or none): a lock held by
 * another run releases those this call took and throws `LockHeldError` at once; a lock the same
 * run holds (a retried plan, production after staging) is kept. Returns the environments newly locked.
 */
export async function acquireLocks(store: LockStore, request: LockRequest): Promise<EnvironmentType[]> {
  const taken: EnvironmentType[] = [];
  const since = request.now.toISOString();
  for (const environment of new Set(request.environments)) {
    const attempt = await store.tryLock({ stack: request.stack, environment, run_id: request.run_id, requested_by: request.requested_by, since });
    if (attempt.taken) {
      if (!attempt.already) taken.push(environment);
      continue;
    }
    for (const mine of taken) await store.unlock(request.stack, mine, request.run_id);
    throw new LockHeldError(attempt.holder, request.now);
  }
  return taken;
}

/** Throws `LockNotHeldError` unless `runId` holds (stack, environment): apply and configure change nothing for a run without it. */
export async function requireLock(store: LockStore, stack: string, environment: string, runId: string, what: string): Promise<void> {
  const holder = await store.lockOf(stack, environment);
  if (holder?.run_id !== runId) throw new LockNotHeldError(stack, environment, runId, holder, what);
}

/** Releases every lock `runId` holds (its run ended: succeeded, failed or rejected); returns them. */
export async function releaseRunLocks(store: LockStore, runId: string): Promise<StackLock[]> {
  const released: StackLock[] = [];
  for (const lock of (await store.allLocks()).filter((l) => l.run_id === runId)) {
    if (await store.unlock(lock.stack, lock.environment, runId)) released.push(lock);
  }
  return released;
}

/** "42 s ago", "3 min ago", "2 h ago". */
export function ago(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
