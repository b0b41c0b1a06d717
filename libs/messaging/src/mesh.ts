import {
  connect,
  type JetStreamClient,
  type JetStreamManager,
  type KV,
  type NatsConnection,
  type ObjectStore,
} from 'nats';
import { BUCKETS, OBJECT_STORES, type BucketName } from '@jetway/contracts';
import { ensureTopology } from './topology';
import { untilAvailable } from './unavailable';

export interface MeshOptions {
  /** Comma-separated NATS URLs. */
  servers: string;
  /** Connection name shown in server monitoring: the service name. */
  name: string;
  user?: string;
  pass?: string;
  /** Stream/bucket replicas: 1 (default) on one server, 3 on a cluster. */
  replicas?: number;
  /** Called on connection status changes (disconnect, reconnect), for logs. */
  onStatus?: (event: string, detail: string) => void;
}

/**
 * One service's handle on NATS: the connection, JetStream, the KV buckets and the artifact
 * store, opened once at boot after the topology is provisioned. Reconnects forever.
 */
export class Mesh {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly buckets: Record<BucketName, KV>,
    readonly artifacts: ObjectStore,
  ) {}

  static async connect(options: MeshOptions): Promise<Mesh> {
    const nc = await connect({
      servers: options.servers.split(',').map((s) => s.trim()),
      name: options.name,
      user: options.user,
      pass: options.pass,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      // nats.js otherwise captures a stack trace for every request: 13 % of the planner's CPU.
      noAsyncTraces: true,
    });
    if (options.onStatus) void watchStatus(nc, options.onStatus);
    const report = (message: string) => options.onStatus?.('jetstream unavailable', message);
    // Booting while JetStream has no quorum (a node restarting) waits for it instead of exiting.
    return untilAvailable(
      'provisioning streams and buckets',
      async () => {
        const jsm = await nc.jetstreamManager();
        const js = nc.jetstream();
        await ensureTopology(jsm, js, { replicas: options.replicas });
        const entries = await Promise.all(
          (Object.keys(BUCKETS) as BucketName[]).map(async (key) => [key, await js.views.kv(BUCKETS[key].name)] as const),
        );
        const artifacts = await js.views.os(OBJECT_STORES.artifacts.name);
        return new Mesh(nc, js, jsm, Object.fromEntries(entries) as Record<BucketName, KV>, artifacts);
      },
      report,
    );
  }

  kv(bucket: BucketName): KV {
    return this.buckets[bucket];
  }

  get connected(): boolean {
    return !this.nc.isClosed() && !this.nc.isDraining();
  }

  /** Lets in-flight work finish, flushes, then closes. */
  async drain(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

async function watchStatus(nc: NatsConnection, onStatus: (event: string, detail: string) => void) {
  for await (const status of nc.status()) onStatus(status.type, String(status.data));
}
