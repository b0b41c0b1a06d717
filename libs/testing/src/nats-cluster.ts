import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { findNatsServer, freePort } from './nats-fixture';
import { NatsProcess } from './nats-process';
import { waitFor } from './wait-for';

/** One node's place in a cluster: what its generated config says. */
export interface ClusterNodeSpec {
  readonly name: string;
  /** Client port. */
  readonly port: number;
  /** Route port (cluster listen). */
  readonly clusterPort: number;
  /** HTTP monitoring port (/jsz, /healthz). */
  readonly monitorPort: number;
  readonly storeDir: string;
}

/** What one node stores of a stream, read from its own monitoring endpoint (not the leader's view). */
export interface LocalStreamState {
  readonly messages: number;
  readonly first_seq: number;
  readonly last_seq: number;
}

/** One nats-server of a cluster. The store and ports stay the node's across kill and restart. */
export interface ClusterNode extends ClusterNodeSpec {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<monitorPort>` */
  readonly monitorUrl: string;
  readonly running: boolean;
  /** SIGKILL: the node dies mid-flight, its store kept. */
  kill(): Promise<void>;
  /** Starts again (stopping it first if it runs) on the same ports and store; resolves once it accepts clients. */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM), store kept: restart() brings it back. */
  stop(): Promise<void>;
  /** This node's own copy of a stream (undefined when it holds none). */
  streamState(stream: string): Promise<LocalStreamState | undefined>;
}

/** A JetStream cluster of nats-server processes on loopback, for one test file or chaos run. */
export interface NatsCluster {
  /** Every node's client URL, comma-separated: what `Mesh.connect` / JETWAY_NATS_URL take. */
  readonly urls: string;
  readonly nodes: readonly ClusterNode[];
  /** The node with this server name (n1, n2, …); throws for an unknown name. */
  node(name: string): ClusterNode;
  /**
   * Resolves once JetStream is usable on every running node: all agree on a meta leader, the
   * leader sees every running node as current, and each node answers `$JS.API.INFO`. Call it
   * after start (startNatsCluster already does) and after bringing a node back.
   */
  waitForJetStream(options?: { timeoutMs?: number }): Promise<{ metaLeader: string }>;
  /** The node leading a stream's Raft group, as the cluster reports it once one answers (waits up to `timeoutMs`, default 30 s). */
  streamLeader(stream: string, timeoutMs?: number): Promise<ClusterNode>;
  /** Stops every node and deletes the stores. */
  stop(): Promise<void>;
}

export interface NatsClusterOptions {
  /** 3 by default; R3 streams need 3. */
  nodes?: number;
  /** The cluster's name in the generated configs. */
  name?: string;
}

/**
 * The config of one node, in the shape of deploy/nats/cluster/n<N>.conf without the auth
 * includes: server name, client and monitoring listeners, JetStream store, cluster routes to
 * every node (itself included, as there).
 */
export function natsClusterConfig(node: ClusterNodeSpec, cluster: { name: string; routePorts: readonly number[] }): string {
  const routes = cluster.routePorts.map((port) => `    nats-route://127.0.0.1:${port}`).join('\n');
  return [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.port}`,
    `http: 127.0.0.1:${node.monitorPort}`,
    '',
    'jetstream {',
    `  store_dir: ${JSON.stringify(node.storeDir)}`,
    '  max_file_store: 2GB',
    '  max_memory_store: 128MB',
    '}',
    '',
    'cluster {',
    `  name: ${cluster.name}`,
    `  listen: 127.0.0.1:${node.clusterPort}`,
    '  routes: [',
    routes,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * Starts `nodes` nats-server processes forming one JetStream cluster on free loopback ports,
 * each with a temp store and a generated config, and waits until JetStream is ready.
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const binary = findNatsServer();
  if (!binary) throw new Error('no nats-server for the cluster: install it (apt-get install nats-server) or set JETWAY_NATS_SERVER_BIN');
  const count = options.nodes ?? 3;
  const root = mkdtempSync(join(tmpdir(), 'jetway-cluster-'));
  let lastError: unknown;
  // Free ports can be taken between finding and binding them: try again on fresh ones.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const specs = await nodeSpecs(count, root);
    const nodes = specs.map((spec) => clusterNode(binary, spec, options.name ?? 'jetway', specs, root));
    try {
      await Promise.all(nodes.map((node) => node.start()));
      const cluster = assemble(nodes, root);
      await cluster.waitForJetStream({ timeoutMs: 30_000 });
      return cluster;
    } catch (error) {
      lastError = error;
      await Promise.all(nodes.map((node) => node.kill()));
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
    }
  }
  rmSync(root, { recursive: true, force: true });
  throw lastError;
}

async function nodeSpecs(count: number, root: string): Promise<ClusterNodeSpec[]> {
  const taken = new Set<number>();
  const port = async () => {
    for (;;) {
      const candidate = await freePort();
      if (taken.has(candidate)) continue;
      taken.add(candidate);
      return candidate;
    }
  };
  const specs: ClusterNodeSpec[] = [];
  for (let n = 1; n <= count; n += 1) {
    const name = `n${n}`;
    specs.push({ name, port: await port(), clusterPort: await port(), monitorPort: await port(), storeDir: join(root, name) });
  }
  return specs;
}

type StartableNode = ClusterNode & { start(): Promise<void> };

function clusterNode(binary: string, spec: ClusterNodeSpec, name: string, all: readonly ClusterNodeSpec[], root: string): StartableNode {
  const configFile = join(root, `${spec.name}.conf`);
  writeFileSync(configFile, natsClusterConfig(spec, { name, routePorts: all.map((s) => s.clusterPort) }));
  const server = new NatsProcess({ binary, args: ['-c', configFile], port: spec.port, label: `nats-server ${spec.name}` });
  const monitorUrl = `http://127.0.0.1:${spec.monitorPort}`;
  return {
    ...spec,
    url: `nats://127.0.0.1:${spec.port}`,
    monitorUrl,
    get running() {
      return server.running;
    },
    start: () => server.start(),
    kill: () => server.halt('SIGKILL'),
    restart: async () => {
      await server.halt('SIGTERM');
      await server.start();
    },
    stop: () => server.halt('SIGTERM'),
    streamState: async (stream) => {
      const jsz = await getJson<Jsz>(`${monitorUrl}/jsz?accounts=true&streams=true`);
      const found = (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []).find((s) => s.name === stream);
      return found && { messages: found.state.messages, first_seq: found.state.first_seq, last_seq: found.state.last_seq };
    },
  };
}

function assemble(nodes: readonly ClusterNode[], root: string): NatsCluster {
  const node = (name: string) => {
    const found = nodes.find((n) => n.name === name);
    if (!found) throw new Error(`no node ${name} in this cluster (${nodes.map((n) => n.name).join(', ')})`);
    return found;
  };
  return {
    urls: nodes.map((n) => n.url).join(','),
    nodes,
    node,
    waitForJetStream: async (options = {}) => {
      const metaLeader = await waitFor(() => jetStreamReady(nodes), {
        timeoutMs: options.timeoutMs ?? 30_000,
        intervalMs: 100,
        message: 'JetStream on every running node of the cluster (a meta leader, all peers current)',
      });
      return { metaLeader };
    },
    // Right after a node is killed the meta and stream leaders may still be electing (the API
    // times out or answers 503): ask again until a leader answers.
    streamLeader: (stream, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const nc = await connect({ servers: nodes.filter((n) => n.running).map((n) => n.url), timeout: 5_000, reconnect: false });
          try {
            const info = await (await nc.jetstreamManager({ checkAPI: false })).streams.info(stream);
            const leader = info.cluster?.leader;
            if (!leader) throw new Error(`stream ${stream} has no leader right now`);
            return node(leader);
          } finally {
            await nc.close();
          }
        },
        { timeoutMs, intervalMs: 250, message: `a leader of stream ${stream}` },
      ),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

interface Jsz {
  meta_cluster?: { leader?: string; cluster_size?: number; replicas?: { name: string; current: boolean }[] };
  account_details?: { stream_detail?: { name: string; state: LocalStreamState }[] }[];
}

/** The meta leader's name once every running node is ready, else undefined (poll again). */
async function jetStreamReady(nodes: readonly ClusterNode[]): Promise<string | false> {
  const running = nodes.filter((n) => n.running);
  const views = await Promise.all(running.map((n) => getJson<Jsz>(`${n.monitorUrl}/jsz`)));
  const leaders = new Set(views.map((v) => v.meta_cluster?.leader));
  const [leader] = [...leaders];
  if (leaders.size !== 1 || !leader) return false;
  const leaderView = views[running.findIndex((n) => n.name === leader)];
  const current = new Set([leader, ...(leaderView?.meta_cluster?.replicas ?? []).filter((r) => r.current).map((r) => r.name)]);
  if (!running.every((n) => current.has(n.name))) return false;
  for (const n of running) {
    const nc = await connect({ servers: n.url, timeout: 2_000, reconnect: false });
    try {
      await (await nc.jetstreamManager()).getAccountInfo();
    } finally {
      await nc.close();
    }
  }
  return leader;
}

/** GET without a pooled connection: nothing stays open once a node (or the cluster) stops. */
async function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: 2_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`${url}: HTTP ${response.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer within 2 s`)));
    request.on('error', reject);
  });
}
