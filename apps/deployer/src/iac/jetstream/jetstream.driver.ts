import type { JetStreamManager, StreamConfig } from 'nats';
import { classifyJsError } from '@jetway/messaging';
import { hashOf, type ActualMessaging, type MessagingChange, type MessagingPlan } from './messaging-plan';
import { inScope, type DeclaredConsumer, type DeclaredKv, type DeclaredStream, type MessagingScope } from '@jetway/contracts';
import { KV_STREAM_PREFIX, consumerConfig, declaredConsumer, declaredKv, declaredStream, kvStreamUpdate, streamConfig } from './nats-config';

/**
 * The messaging-infrastructure driver over a live nats-server: reads what exists in a scope and
 * applies a reviewed plan. Stateless; the plan is the only input that says what to change.
 */

/** Streams, durable consumers and KV buckets the scope owns; the mesh's own and others' are not read. */
export async function readActual(jsm: JetStreamManager, scope: MessagingScope): Promise<ActualMessaging> {
  const streams: DeclaredStream[] = [];
  const consumers: DeclaredConsumer[] = [];
  const kv: DeclaredKv[] = [];
  for await (const info of jsm.streams.list()) {
    const name = info.config.name;
    if (name.startsWith(KV_STREAM_PREFIX)) {
      if (inScope(scope, name.slice(KV_STREAM_PREFIX.length))) kv.push(declaredKv(info.config));
      continue;
    }
    if (!inScope(scope, name)) continue;
    streams.push(declaredStream(info.config));
    for await (const consumer of jsm.consumers.list(name)) {
      // Ephemeral consumers (a probe, a CLI's `nats sub`) come and go: not infrastructure.
      if (consumer.config.durable_name) consumers.push(declaredConsumer(name, consumer.config));
    }
  }
  return { streams, consumers, kv };
}

export class PlanHashMismatchError extends Error {
  override readonly name = 'PlanHashMismatchError';
  /** A new plan needs a new review: retrying the same apply never passes. */
  readonly retryable = false;
}

export interface AppliedChange {
  readonly action: 'create' | 'update' | 'delete';
  readonly kind: MessagingChange['kind'];
  readonly name: string;
}

/**
 * Applies exactly the reviewed plan: refuses before touching anything when the plan's hash is not
 * `expectedHash` (or the plan was edited after it was hashed). Order: consumers deleted, then
 * streams and buckets deleted, then streams and buckets created or updated, then consumers — a
 * consumer never outlives or precedes its stream. A replace is a delete then a create. Deleting
 * something already gone counts as done, so an apply interrupted half-way can be run again.
 */
export async function applyMessaging(jsm: JetStreamManager, plan: MessagingPlan, expectedHash: string): Promise<AppliedChange[]> {
  const actualHash = hashOf(plan);
  if (plan.hash !== expectedHash || actualHash !== expectedHash) {
    throw new PlanHashMismatchError(`the plan to apply (${actualHash}) is not the reviewed plan (${expectedHash}): plan again and have the new plan reviewed; nothing was applied`);
  }
  const outOfScope = plan.changes.find((c) => c.action !== 'no-op' && !inScope(plan.scope, c.kind === 'consumer' ? (c.stream ?? '') : c.name));
  if (outOfScope) throw new PlanHashMismatchError(`${outOfScope.kind} ${outOfScope.name} is outside the managed prefix '${plan.scope.prefix}': nothing was applied`);

  const removing = (c: MessagingChange) => c.action === 'delete' || c.action === 'replace';
  const writing = (c: MessagingChange) => c.action === 'create' || c.action === 'update' || c.action === 'replace';
  const byKind = (kind: MessagingChange['kind'], pick: (c: MessagingChange) => boolean) => plan.changes.filter((c) => c.kind === kind && pick(c));
  const applied: AppliedChange[] = [];
  for (const change of byKind('consumer', removing)) applied.push(await remove(jsm, change));
  for (const change of [...byKind('stream', removing), ...byKind('kv', removing)]) applied.push(await remove(jsm, change));
  for (const change of [...byKind('stream', writing), ...byKind('kv', writing)]) applied.push(await write(jsm, change));
  for (const change of byKind('consumer', writing)) applied.push(await write(jsm, change));
  return applied;
}

async function remove(jsm: JetStreamManager, change: MessagingChange): Promise<AppliedChange> {
  try {
    if (change.kind === 'stream') await jsm.streams.delete(change.name);
    else if (change.kind === 'kv') await jsm.streams.delete(`${KV_STREAM_PREFIX}${change.name}`);
    else await jsm.consumers.delete(change.stream ?? '', change.name.slice(change.name.indexOf('/') + 1));
  } catch (error) {
    if (classifyJsError(error) !== 'not-found') throw error;
  }
  return { action: 'delete', kind: change.kind, name: change.name };
}

async function write(jsm: JetStreamManager, change: MessagingChange): Promise<AppliedChange> {
  const declared = change.declared;
  if (!declared) throw new Error(`${change.action} ${change.kind} ${change.name} carries no declared settings: the plan is malformed; plan again`);
  const create = change.action !== 'update';
  if (change.kind === 'stream') {
    const config = streamConfig(declared as DeclaredStream);
    if (create) await jsm.streams.add(config);
    else await jsm.streams.update(config.name, { ...(await jsm.streams.info(config.name)).config, ...config });
  } else if (change.kind === 'kv') {
    await writeKv(jsm, declared as DeclaredKv, create);
  } else {
    const consumer = declared as DeclaredConsumer;
    // consumers.add creates a durable or updates it in place (nats-server 2.9's CONSUMER.DURABLE.CREATE).
    await jsm.consumers.add(consumer.stream, consumerConfig(consumer));
  }
  return { action: create ? 'create' : 'update', kind: change.kind, name: change.name };
}

async function writeKv(jsm: JetStreamManager, bucket: DeclaredKv, create: boolean): Promise<void> {
  const stream = `${KV_STREAM_PREFIX}${bucket.bucket}`;
  if (create) {
    // nats.js lays the bucket's stream out as every KV client expects (subjects, rollups, direct get).
    await jsm.jetstream().views.kv(bucket.bucket, { history: bucket.history, ttl: bucket.ttl_seconds * 1000, max_bytes: bucket.max_bytes, replicas: bucket.replicas });
  }
  const current: StreamConfig = (await jsm.streams.info(stream)).config;
  // views.kv leaves max_bytes and a few others to the server: write the declared settings over it.
  const wanted = kvStreamUpdate(current, bucket);
  if (JSON.stringify(wanted) !== JSON.stringify(current)) await jsm.streams.update(stream, wanted);
}
