import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { findNatsServer } from './nats-fixture';
import { natsClusterConfig, startNatsCluster, type NatsCluster } from './nats-cluster';
import { waitFor } from './wait-for';

const DEPLOY_CLUSTER = resolve(__dirname, '../../../deploy/nats/cluster');

/** A config's statements without comments, includes and the authorization block. */
function statements(config: string): string[] {
  const lines = config.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter((line) => line.length > 0 && !line.startsWith('include '));
  const auth = lines.indexOf('authorization {');
  return auth === -1 ? lines : lines.slice(0, auth);
}

describe('natsClusterConfig', () => {
  it('has the shape of deploy/nats/cluster/n1.conf without the auth includes', () => {
    const generated = natsClusterConfig(
      { name: 'n1', port: 14222, clusterPort: 16222, monitorPort: 18222, storeDir: '/tmp/jetway-cluster/n1' },
      { name: 'jetway', routePorts: [16222, 16223, 16224] },
    );
    expect(statements(generated)).toEqual(statements(readFileSync(join(DEPLOY_CLUSTER, 'n1.conf'), 'utf8')));
  });

  it('is a config nats-server accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jetway-conf-'));
    const file = join(dir, 'n2.conf');
    writeFileSync(file, natsClusterConfig({ name: 'n2', port: 1, clusterPort: 2, monitorPort: 3, storeDir: join(dir, 'n2') }, { name: 't', routePorts: [2, 4] }));
    const check = spawnSync(findNatsServer() ?? 'nats-server', ['-t', '-c', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(check.stderr + check.stdout).toContain('configuration file');
    expect(check.status).toBe(0);
  });
});

describe('startNatsCluster', () => {
  let cluster: NatsCluster;
  let nc: NatsConnection;

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    nc = await connect({ servers: cluster.urls.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });
  afterAll(async () => {
    await nc?.close();
    await cluster?.stop();
  });

  it('runs three JetStream nodes on their own ports that elect one meta leader', async () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    expect(cluster.urls).toBe(cluster.nodes.map((n) => n.url).join(','));
    const ports = cluster.nodes.flatMap((n) => [n.port, n.clusterPort, n.monitorPort]);
    expect(new Set(ports).size).toBe(9);
    const { metaLeader } = await cluster.waitForJetStream();
    expect(['n1', 'n2', 'n3']).toContain(metaLeader);
    expect(() => cluster.node('n9')).toThrow('no node n9 in this cluster (n1, n2, n3)');
  });

  it('keeps an R3 stream writable without its leader and lets the leader catch up on the same store', async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'FAULTS', subjects: ['faults.>'], num_replicas: 3 });
    const js = nc.jetstream();
    for (let i = 0; i < 20; i += 1) await js.publish('faults.before', `m${i}`);

    const leader = await cluster.streamLeader('FAULTS');
    await leader.kill();
    expect(leader.running).toBe(false);
    // A quorum of two stays: the stream elects another leader and takes writes again.
    await waitFor(() => js.publish('faults.during', 'x').then(() => true), { timeoutMs: 30_000, message: 'a write without the old leader' });
    for (let i = 0; i < 19; i += 1) await js.publish('faults.during', `m${i}`);
    expect((await cluster.streamLeader('FAULTS')).name).not.toBe(leader.name);

    await leader.restart();
    await cluster.waitForJetStream();
    const caughtUp = await waitFor(async () => {
      const state = await leader.streamState('FAULTS');
      return state?.messages === 40 && state;
    }, { timeoutMs: 30_000, message: `${leader.name} to hold all 40 messages again` });
    expect(caughtUp).toEqual({ messages: 40, first_seq: 1, last_seq: 40 });
    const info = await jsm.streams.info('FAULTS');
    expect(info.state.messages).toBe(40);
  });
});
