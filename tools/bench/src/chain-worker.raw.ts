import { AckPolicy, connect, nanos, type ConsumerMessages, type JsMsg } from 'nats';
import { rawSubject, type ChainWorker, type WorkerConfig } from './chain-worker.types';

/**
 * Hop i → hop i+1 on plain nats.js: one durable pull consumer per hop with the mesh's consumer
 * settings (explicit ack, max_ack_pending 256, pulls of 64, `concurrency` handlers at once);
 * each message is republished unchanged to the next subject, then acked.
 */
export async function startRawWorker(config: Extract<WorkerConfig, { kind: 'raw' }>): Promise<ChainWorker> {
  const nc = await connect({ servers: config.natsUrl, name: `bench-raw-${config.hops.join('-')}` });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const feeds: ConsumerMessages[] = [];
  const loops: Promise<void>[] = [];
  for (const hop of config.hops) {
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
    const next = rawSubject(hop + 1);
    loops.push(pump(messages, config.concurrency, async (msg) => {
      await js.publish(next, msg.data);
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
