import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, type DeployFinished, type DeployTriggered, type PipelineFinished, type VerifyFinished, type VerifyTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, EventPublisher, Mesh, type ServiceHandle } from '@jetway/messaging';
import { freePort, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { packHelloService } from './drivers/local/artifact.fixture';
import { loadDeployerConfig, startDeployer, stopLocalPlatform } from './index';

// Two runs deploying one application to one environment, through the deployer as `npm start`
// runs it on a real nats-server, the planner played by this spec: the second deploy waits for the
// first's verify, a verify of a release that no longer serves fails, and a run that ends before
// its verify frees the environment at once.

const HEALTH = { path: '/health', initial_delay: 0, interval: 0.2, timeout: 1, success_threshold: 1, failure_threshold: 100 };
const RUN = { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: 'v1' } };

describe('deploys of one environment, each after the verify of the one before (int)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let publisher: EventPublisher;
  let subscriptions: Subscription[] = [];
  const seen = new Map<string, DeployFinished | VerifyFinished | true>();
  let dir: string;
  let routerPort: number;
  let deployer: ServiceHandle | undefined;
  const digests: string[] = [];

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'verify-holds-int-spec' });
    const objects = ArtifactObjects.of(mesh);
    publisher = new EventPublisher(mesh.js, 'verify-holds-int-spec');
    dir = await mkdtemp(join(tmpdir(), 'jetway-verify-holds-'));
    routerPort = await freePort();
    for (const version of ['one', 'two']) {
      const file = join(dir, `${version}.tar.gz`);
      const digest = await packHelloService(file, { 'VERSION.txt': version });
      await objects.putFile(artifactObjectName(digest), file);
      await new AttestationStore(mesh).recordScan({ kind: 'scan', digest, verdict: 'pass', fail_on_severity: 'high', counts: {}, run_id: ulid(), at: new Date().toISOString() });
      digests.push(digest);
    }
    const record = (subject: string, key: (event: { run_id: string; attempt: number }) => string, value: (json: never) => DeployFinished | VerifyFinished | true) =>
      mesh.nc.subscribe(subject, { callback: (_error, msg) => seen.set(key(msg.json()), value(msg.json() as never)) });
    subscriptions = [
      record('jetway.step.deploy.started.v1', (e) => `deploy-started ${e.run_id}`, () => true),
      record('jetway.step.deploy.finished.v1', (e) => `deploy ${e.run_id}`, (e) => e),
      record('jetway.step.verify.finished.v1', (e) => `verify ${e.run_id}/${e.attempt}`, (e) => e),
    ];
    deployer = await startDeployer(
      loadDeployerConfig({
        JETWAY_NATS_URL: nats.url,
        JETWAY_LOG_LEVEL: 'warn',
        JETWAY_DEPLOYER_DATA_DIR: join(dir, 'deployer'),
        JETWAY_ROUTER_PORT: String(routerPort),
        JETWAY_HEALTH_DEADLINE_MS: '30000',
        JETWAY_VERIFY_HOLD_MS: '60000',
      }),
    );
  });

  afterAll(async () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
    await deployer?.stop();
    await stopLocalPlatform(join(dir, 'deployer'));
    await mesh?.drain();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function deploy(runId: string, digest: string): Promise<void> {
    const trigger: DeployTriggered = {
      run_id: runId, step_id: 'deploy-staging', attempt: 1, application: 'hello', environment: 'staging', digest,
      strategy: 'rolling', platform_config: { type: 'local', replicas: 1, run: RUN, health_check: HEALTH },
    };
    await publisher.publish('jetway.step.deploy.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt: 1 });
  }

  async function verify(runId: string, digest: string, attempt = 1): Promise<VerifyFinished> {
    const trigger: VerifyTriggered = {
      run_id: runId, step_id: 'verify-staging', attempt, application: 'hello', environment: 'staging', digest,
      url: `http://127.0.0.1:${routerPort}/hello/staging`, health_path: '/health', checks: 3,
    };
    await publisher.publish('jetway.step.verify.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt });
    return (await waitFor(() => seen.get(`verify ${runId}/${attempt}`), { timeoutMs: 20_000, message: `verify of ${runId}` })) as VerifyFinished;
  }

  const deployed = async (runId: string) => (await waitFor(() => seen.get(`deploy ${runId}`), { timeoutMs: 40_000, message: `deploy of ${runId}` })) as DeployFinished;
  /** The release label the router says answered the stable URL. */
  const serving = async () => (await fetch(`http://127.0.0.1:${routerPort}/hello/staging/`, { headers: { connection: 'close' } })).headers.get('x-jetway-release');
  const labelOf = (digest: string) => new RegExp(`^${digest.slice('sha256:'.length, 'sha256:'.length + 12)}-[0-9a-f]{8}$`);

  const [runA, runB, runC] = [ulid(), ulid(), ulid()];

  it('holds the next deploy until the verify of the release before it has run, and the verify passes on its own release', async () => {
    const [one = '', two = ''] = digests;
    await deploy(runA, one);
    expect(await deployed(runA)).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: one } } });
    await deploy(runB, two);
    // Its `started` says the deploy has worked a second: it is waiting, and run A's release still answers.
    await waitFor(() => seen.get(`deploy-started ${runB}`), { timeoutMs: 20_000, message: "run B's deploy started" });
    expect(seen.has(`deploy ${runB}`)).toBe(false);
    expect(await serving()).toMatch(labelOf(one));

    expect(await verify(runA, one)).toMatchObject({ outcome: 'succeeded', outputs: { checks_passed: 3 } });
    const second = await deployed(runB);
    expect(second).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: two, previous_digest: one } } });
    expect(second.reason).toMatch(new RegExp(`^waited \\d+\\.\\d s for the verify of ${one} \\(run ${runA}\\) here before rolling out$`));
    expect(await serving()).toMatch(labelOf(two));
  });

  it('fails the verify of a release that no longer serves, naming the release that answered', async () => {
    const [one = '', two = ''] = digests;
    const again = await verify(runA, one, 2);
    expect(again.outcome).toBe('failed');
    expect(again.reason).toMatch(new RegExp(`^check 1/3 of GET http://127\\.0\\.0\\.1:\\d+/hello/staging/health: release ${two.slice(7, 19)}-[0-9a-f]{8} answered, not ${one}: another deploy to this environment replaced it`));
  });

  it('lets the next deploy go as soon as the run holding the environment ends without its verify', async () => {
    const [one = ''] = digests;
    await deploy(runC, one);
    await waitFor(() => seen.get(`deploy-started ${runC}`), { timeoutMs: 20_000, message: "run C's deploy started" });
    expect(seen.has(`deploy ${runC}`)).toBe(false);
    const ended: PipelineFinished = { run_id: runB, kind: 'deployment', application: 'hello', outcome: 'rejected', cancelled_by: 'alice', duration_ms: 1_000, urls: {}, steps: [] };
    await publisher.publish('jetway.pipeline.finished.v1', ended, { runId: runB });
    const third = await deployed(runC);
    expect(third).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: one } } });
    expect(third.reason).toMatch(new RegExp(`^waited \\d+\\.\\d s for the verify of ${digests[1]} \\(run ${runB}\\)`));
  });
});
