import { connect } from 'nats';
import { startNats, startNatsCluster, waitFor } from '@jetway/testing';

/** What the chaos suite runs on and may kill: one nats-server, or a node of a 3-node cluster. */
export interface Broker {
  readonly label: string;
  /** Comma-separated URLs for the services. */
  readonly urls: string;
  readonly replicas: number;
  /** Names of what can be killed ('nats-server', or 'n1'…'n3'). */
  readonly victims: readonly string[];
  kill(victim: string): Promise<void>;
  restart(victim: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBroker(kind: 'single' | 'cluster'): Promise<Broker> {
  if (kind === 'single') {
    const nats = await startNats();
    return {
      label: 'one nats-server',
      urls: nats.url,
      replicas: 1,
      victims: ['nats-server'],
      kill: () => nats.kill(),
      restart: () => nats.restart(),
      stop: () => nats.stop(),
    };
  }
  const cluster = await startNatsCluster({ nodes: 3 });
  await cluster.waitForJetStream();
  return {
    label: 'a 3-node NATS cluster (R3)',
    urls: cluster.urls,
    replicas: 3,
    victims: cluster.nodes.map((n) => n.name),
    kill: (victim) => cluster.node(victim).kill(),
    // One node down at a time, as R3 tolerates: the next kill waits until this node caught up.
    restart: async (victim) => {
      await cluster.node(victim).restart();
      await cluster.waitForJetStream({ timeoutMs: 60_000 });
      await everyStreamCurrent(cluster.urls);
    },
    stop: () => cluster.stop(),
  };
}

/** Every stream has a leader and all its replicas current: the cluster can lose a node again. */
async function everyStreamCurrent(urls: string): Promise<void> {
  const nc = await connect({ servers: urls.split(','), maxReconnectAttempts: -1 });
  try {
    const jsm = await nc.jetstreamManager();
    await waitFor(
      async () => {
        const streams = await jsm.streams.list().next().catch(() => undefined);
        if (!streams || streams.length === 0) return undefined;
        const caughtUp = streams.every((s) => s.cluster?.leader && (s.cluster.replicas ?? []).every((r) => r.current && !r.offline));
        return caughtUp || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, message: 'every stream leader-led with all replicas current' },
    );
  } finally {
    await nc.close();
  }
}
