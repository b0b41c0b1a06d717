import { AckPolicy, connect, nanos, type ConsumerMessages, type JetStreamClient, type JsMsg, type KV } from 'nats';
import { BUCKETS, type BucketName } from '@jetway/contracts';
import { rawSubject, type ChainWorker, type WorkerConfig } from './chain-worker.types';
import { DEFAULT_VALUE_BYTES, type FloorOp, type FloorStage } from './floor-stages';

type RawConfig = Extract<WorkerConfig, { kind: 'raw' }>;

/**
 * Hop i → hop i+1 on plain nats.js: one durable pull consumer per hop with the mesh's consumer
 * settings (explicit ack, max_ack_pending 256, pulls of 64, `concurrency` handlers at once);
 * each message is republished unchanged to the next subject, then acked. Given `stages` (the
 * floor chain), each consumed message first gets its stage's KV requests, one after another, and
 * is then published as the stage's next messages with message ids.
 */
export async function startRawWorker(config: RawConfig): Promise<ChainWorker> {
  const nc = await connect({ servers: config.natsUrl, name: `bench-raw-${config.hops.join('-')}` });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const feeds: ConsumerMessages[] = [];
  const loops: Promise<void>[] = [];
  const handlers = config.stages ? await floorHandlers(js, config.stages, config.valueBytes ?? {}) : plainHandlers(js, config.hops);
  for (const [hop, handle] of handlers) {
    const durable = `hop-${hop}`;
    await jsm.consumers.add(config.stream, {
      durable_name: durable,
      filter_subject: rawSubject(hop),
      ack_policy: AckPolicy.Explicit,
      max_deliver: 5,
      ack_wait: nanos(10_000),
      max_ack_pending: 256,
    });
    const messages = await (await js.consumers.get(config.stream, durable)).consume({ max_messages: 64 });
    feeds.push(messages);
    loops.push(pump(messages, config.concurrency, async (msg) => {
      await handle(msg);
      msg.ack();
    }));
  }
  return {
    collect: () => ({ hopMs: [], runMs: [] }),
    stop: async () => {
      for (const feed of feeds) feed.stop();
      await Promise.allSettled(loops);
      await nc.drain();
    },
  };
}

type Handler = (msg: JsMsg) => Promise<unknown>;

function plainHandlers(js: JetStreamClient, hops: readonly number[]): [number, Handler][] {
  return hops.map((hop) => [hop, (msg) => js.publish(rawSubject(hop + 1), msg.data)]);
}

/** The floor's handlers: a stage's KV requests in order, then its messages. A compare-and-set uses the revision this process last wrote to that key. */
async function floorHandlers(js: JetStreamClient, stages: readonly FloorStage[], valueBytes: Partial<Record<BucketName, number>>): Promise<[number, Handler][]> {
  const buckets = new Map<BucketName, KV>();
  for (const bucket of new Set(stages.flatMap((stage) => stage.ops.map((op) => op.bucket)))) buckets.set(bucket, await js.views.kv(BUCKETS[bucket].name, { bindOnly: true }));
  // One value per bucket, made once: the floor measures the requests, not allocations.
  const values = new Map([...buckets.keys()].map((bucket) => [bucket, new Uint8Array(valueBytes[bucket] ?? DEFAULT_VALUE_BYTES).fill(120)]));
  const revisions = new Map<string, number>();
  const request = async (op: FloorOp, run: string): Promise<void> => {
    const kv = buckets.get(op.bucket) as KV;
    const key = op.key.replaceAll('{run}', run);
    const value = values.get(op.bucket) as Uint8Array;
    const remember = (revision: number) => void revisions.set(`${op.bucket}/${key}`, revision);
    if (op.op === 'get') await kv.get(key);
    else if (op.op === 'create') remember(await kv.create(key, value));
    else if (op.op === 'put') remember(await kv.put(key, value));
    else remember(await kv.update(key, value, revisions.get(`${op.bucket}/${key}`) ?? 0));
  };
  return stages.map((stage) => [
    stage.consumes,
    async (msg) => {
      const { run } = msg.json<{ run: string }>();
      for (const op of stage.ops) await request(op, run);
      for (let next = stage.consumes + 1; next <= stage.consumes + stage.emits.length; next += 1) await js.publish(rawSubject(next), msg.data, { msgID: `${run}.${next}` });
    },
  ]);
}

/** The mesh's consume loop: at most `concurrency` handlers in flight; a failed one is nak'ed. */
async function pump(messages: ConsumerMessages, concurrency: number, handle: (msg: JsMsg) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for await (const msg of messages) {
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    const task = handle(msg)
      .catch(() => msg.nak(500))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  await Promise.allSettled([...inFlight]);
}
