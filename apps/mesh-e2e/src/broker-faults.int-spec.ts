import type { NatsConnection } from 'nats';
import { BUCKETS, STREAMS, type RunStatusView } from '@jetway/contracts';
import { startNatsCluster, waitFor, type NatsCluster } from '@jetway/testing';
import { helloRequest } from './requests';
import { deployerRuntime, startMesh, type Broker, type Mesh } from './mesh.fixture';

/** Instances per deploy in helloRequest (platform_config.replicas). */
const REPLICAS_PER_DEPLOY = 2;

/** Records the connection events of every service (reconnect is what we look for). */
function recordStatus(mesh: Mesh<Broker>): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const [name, handle] of Object.entries(mesh.services)) {
    const events: string[] = [];
    seen.set(name, events);
    void (async () => {
      for await (const status of handle.mesh.nc.status()) events.push(status.type);
    })();
  }
  return seen;
}

/** Publishes `count` staging-only runs of distinct applications; returns their run ids. */
async function publishRuns(mesh: Mesh<Broker>, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const request = helloRequest({
      application_name: `${prefix}-${i}`,
      // Lenient health checks: on a busy 2-core machine an instance may need seconds to listen,
      // and this test is about the broker, not about slow apps being rolled back.
      platform_config: {
        replicas: REPLICAS_PER_DEPLOY,
        run: { command: 'node server.js', env: { APP_VERSION: 'v1' } },
        health_check: { interval: 0.25, initial_delay: 0.1, success_threshold: 1, failure_threshold: 60 },
      },
    });
    ids.push(await mesh.client.publishRequest(request));
  }
  return ids;
}

/** Waits until some run has a step under way and some run has not finished yet; returns the views. */
async function midLoad(mesh: Mesh<Broker>, runIds: string[]): Promise<RunStatusView[]> {
  return waitFor(async () => {
    const views = await Promise.all(runIds.map((id) => mesh.client.status(id)));
    const begun = views.some((v) => v.steps.some((s) => s.status !== 'pending'));
    return begun && views.some((v) => v.status === 'running') && views;
  }, { timeoutMs: 30_000, intervalMs: 20, message: 'runs under way' });
}

/** Waits (across the outage: failed queries are retried) until every run has ended. */
async function allFinished(mesh: Mesh<Broker>, runIds: string[]): Promise<RunStatusView[]> {
  return waitFor(async () => {
    const views = await Promise.all(runIds.map((id) => mesh.client.status(id)));
    return views.every((v) => v.status !== 'running') && views;
  }, { timeoutMs: 50_000, intervalMs: 200, message: `runs ${runIds.join(', ')} to finish` });
}

/** The effects each run must have had exactly once: its processes and its Slack post. */
async function expectEffectsOnce(mesh: Mesh<Broker>, runIds: string[], applications: string[]): Promise<void> {
  const runtime = deployerRuntime(mesh);
  expect(runtime.processesStarted).toBe(runIds.length * REPLICAS_PER_DEPLOY);
  for (const application of applications) expect(runtime.running(application, 'staging')).toHaveLength(REPLICAS_PER_DEPLOY);
  await mesh.slack.waitFor(runIds.length, 20_000);
  const posts = mesh.slack.received.map((message) => JSON.stringify(message));
  for (const runId of runIds) expect(posts.filter((post) => post.includes(runId))).toHaveLength(1);
  expect(mesh.slack.received).toHaveLength(runIds.length);
}

/** Every service kept its own connection, saw a reconnect, and reports ready again. */
async function expectReconnectedByThemselves(mesh: Mesh<Broker>, before: Map<string, NatsConnection>, seen: Map<string, string[]>) {
  for (const [name, handle] of Object.entries(mesh.services)) {
    expect(handle.mesh.nc).toBe(before.get(name));
    expect(handle.mesh.connected).toBe(true);
    expect({ name, events: seen.get(name) }).toEqual({ name, events: expect.arrayContaining(['disconnect', 'reconnect']) });
    const ready = await waitFor(async () => (await fetch(`http://127.0.0.1:${handle.ops.port}/health/ready`)).status === 200 || undefined, {
      message: `${name} ready again`,
    });
    expect(ready).toBe(true);
  }
}

/** `<run id>:<status>`, and the reason when it did not succeed (so a failure says why). */
const outcome = (run: RunStatusView) => `${run.run_id}:${run.status}${run.reason ? ` (${run.reason})` : ''}`;
const connections = (mesh: Mesh<Broker>) => new Map(Object.entries(mesh.services).map(([name, h]) => [name, h.mesh.nc]));

describe('broker faults: the single nats-server is SIGKILLed mid-load', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh();
  });
  afterAll(async () => {
    await mesh?.stop();
  });

  it('loses nothing: the services reconnect by themselves and every run finishes once', async () => {
    const before = connections(mesh);
    const seen = recordStatus(mesh);
    const runIds = await publishRuns(mesh, 'fault-single', 4);

    const atKill = await midLoad(mesh, runIds);
    await mesh.nats.kill();
    await mesh.nats.restart();
    expect(atKill.filter((run) => run.status === 'running').length).toBeGreaterThan(0);

    const runs = await allFinished(mesh, runIds);
    expect(runs.map(outcome)).toEqual(runIds.map((id) => `${id}:succeeded`));
    await expectReconnectedByThemselves(mesh, before, seen);
    await expectEffectsOnce(mesh, runIds, runIds.map((_, i) => `fault-single-${i}`));

    // Every consumer still consumes: a run published after the restart goes all the way.
    const [after] = await publishRuns(mesh, 'fault-single-after', 1);
    const [run] = await allFinished(mesh, [after ?? '']);
    expect(run?.steps.map((s) => `${s.step_id}:${s.outcome}`)).toEqual([
      'build:succeeded', 'scan:succeeded', 'deploy-staging:succeeded', 'verify-staging:succeeded', 'monitor-staging:succeeded',
    ]);
  });
});

describe('broker faults: one node of a 3-node cluster is SIGKILLed mid-load', () => {
  let cluster: NatsCluster;
  let mesh: Mesh<NatsCluster>;

  beforeAll(async () => {
    cluster = await startNatsCluster({ nodes: 3 });
    mesh = await startMesh({ nats: cluster, replicas: 3 });
  });
  afterAll(async () => {
    await mesh?.stop();
    await cluster?.stop();
  });

  it('carries on without the JETWAY_EVENTS leader, and the node catches up when it is back', async () => {
    const jsm = mesh.services.planner!.mesh.jsm;
    const runIds = await publishRuns(mesh, 'fault-cluster', 3);
    const atKill = await midLoad(mesh, runIds);
    const victim = await cluster.streamLeader(STREAMS.events.name);
    const eventsAtKill = (await jsm.streams.info(STREAMS.events.name)).state.last_seq;
    await victim.kill();
    expect(atKill.filter((run) => run.status === 'running').length).toBeGreaterThan(0);

    const runs = await allFinished(mesh, runIds);
    expect(runs.map(outcome)).toEqual(runIds.map((id) => `${id}:succeeded`));
    await expectEffectsOnce(mesh, runIds, runIds.map((_, i) => `fault-cluster-${i}`));
    expect((await cluster.streamLeader(STREAMS.events.name)).name).not.toBe(victim.name);

    // The runs went on without the victim: it has events to catch up on.
    expect((await jsm.streams.info(STREAMS.events.name)).state.last_seq).toBeGreaterThan(eventsAtKill);
    await victim.restart();
    await cluster.waitForJetStream();
    for (const stream of [STREAMS.events.name, `KV_${BUCKETS.runs.name}`]) {
      const info = await waitFor(async () => {
        const current = await jsm.streams.info(stream);
        const replicas = current.cluster?.replicas ?? [];
        return replicas.length === 2 && replicas.every((r) => r.current && !r.lag) && current;
      }, { timeoutMs: 30_000, intervalMs: 100, message: `every replica of ${stream} current with no lag` });
      const peers = [info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)];
      expect(peers.sort()).toEqual(cluster.nodes.map((n) => n.name));
      const local = await waitFor(async () => {
        const state = await victim.streamState(stream);
        return state?.last_seq === info.state.last_seq && state;
      }, { timeoutMs: 30_000, message: `${victim.name}'s own copy of ${stream} at the leader's last sequence` });
      expect(local.messages).toBe(info.state.messages);
    }
  });
});
