import { join } from 'node:path';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ArtifactObjects, EventPublisher, Mesh, untilAvailable } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { DEPLOYER_CONFIG, type DeployerConfig } from './config/deployer.config';
import { HttpHealthProbe, ProcessRuntime } from './drivers/local';
import { ArtifactFiles } from './drivers/nats/artifact-files.driver';
import { KvReleaseStore } from './drivers/nats/kv-release-store.driver';
import { StepLogObjects } from './drivers/nats/step-log.driver';
import { NoopHealthProbe, NoopRuntime } from './drivers/noop';
import { InProcessRouter, ProcessRouter, type RouterStats } from './drivers/router';
import { driftProviders } from './drift';
import { ChangelogHandler } from './handlers/changelog.handler';
import { DeployHandler } from './handlers/deploy.handler';
import { DriftHandler } from './handlers/drift.handler';
import { RollbackHandler } from './handlers/rollback.handler';
import { RolloutCommandHandler } from './handlers/rollout-command.handler';
import { RunFinishedHandler } from './handlers/run-finished.handler';
import { InfraHandler } from './handlers/infra.handler';
import { INFRA_DEPS, wireInfra } from './infrastructure';
import { KeyedQueue } from './handlers/keyed-queue';
import { DEPLOY_DEPS, ROLLOUT_STOP, ROLLOUTS, VERIFY_HOLDS } from './handlers/tokens';
import { VerifyHolds } from './handlers/verify-holds';
import { wireRollouts } from './rollout-wiring';
import { restoreReleases, resumeRouting, type DeployDeps, type RestoreDeps, type RestoreOutcome } from './use-cases';

/** The use cases' dependencies (the router with its per-release stats), and how to stop what the deployer itself runs. */
type Wired = DeployDeps & { router: DeployDeps['router'] & RouterStats; stopRuntime: () => Promise<void> };

/** How long a graceful stop waits for a restore in progress to give up. */
const RESTORE_STOP_WAIT_MS = 10_000;

@Module({})
export class DeployerModule implements OnApplicationShutdown {
  constructor(@Inject(DEPLOY_DEPS) private readonly deps: Wired & { closeRollouts: () => void }) {}

  static register(config: DeployerConfig): DynamicModule {
    return {
      module: DeployerModule,
      controllers: [DeployHandler, RollbackHandler, RolloutCommandHandler, DriftHandler, ChangelogHandler, InfraHandler, RunFinishedHandler],
      providers: [
        ...driftProviders(),
        { provide: DEPLOYER_CONFIG, useValue: config },
        { provide: ROLLOUTS, useValue: new KeyedQueue() },
        { provide: VERIFY_HOLDS, useValue: new VerifyHolds(config.JETWAY_VERIFY_HOLD_MS) },
        { provide: ROLLOUT_STOP, useValue: new AbortController() },
        {
          provide: ArtifactFiles,
          inject: [ArtifactObjects],
          useFactory: (objects: ArtifactObjects) => new ArtifactFiles(objects, join(config.JETWAY_DEPLOYER_DATA_DIR, 'downloads')),
        },
        {
          provide: INFRA_DEPS,
          inject: [Mesh, ArtifactObjects],
          useFactory: (mesh: Mesh, objects: ArtifactObjects) =>
            wireInfra(mesh, objects, { dataDir: config.JETWAY_DEPLOYER_DATA_DIR, terraformBinary: config.JETWAY_TERRAFORM_BIN, terraformEnv: config.JETWAY_TERRAFORM_ENV }),
        },
        { provide: StepLogObjects, inject: [ArtifactObjects, JsonLogger], useFactory: (o: ArtifactObjects, l: JsonLogger) => new StepLogObjects(o, l) },
        {
          provide: DEPLOY_DEPS,
          inject: [Mesh, JsonLogger, ArtifactFiles, ROLLOUTS, EventPublisher],
          useFactory: async (mesh: Mesh, logger: JsonLogger, artifacts: ArtifactFiles, rollouts: KeyedQueue, publisher: EventPublisher) =>
            wireRollouts(await wire(config, { mesh, logger, artifacts, rollouts }), { mesh, publisher, queue: rollouts, logger }),
        },
      ],
    };
  }

  /**
   * Graceful stop: the local platform's router process and instances keep serving (the next
   * deployer adopts them, as after a crash); a restore in progress gives up. Stopping the whole
   * mesh stops them (`stopLocalPlatform`, the launcher's Ctrl-C).
   */
  async onApplicationShutdown(): Promise<void> {
    this.deps.closeRollouts();
    await this.deps.stopRuntime();
  }
}

interface WireContext {
  readonly mesh: Mesh;
  readonly logger: JsonLogger;
  readonly artifacts: ArtifactFiles;
  readonly rollouts: KeyedQueue;
}

async function wire(config: DeployerConfig, { mesh, logger, artifacts, rollouts }: WireContext): Promise<Wired> {
  const releases = new KvReleaseStore(mesh);
  const now = () => new Date();
  if (config.JETWAY_DEPLOYER_RUNTIME === 'noop') {
    // Its instances live in this process: so does its router.
    const [runtime, router] = [new NoopRuntime(), await InProcessRouter.start(config.JETWAY_ROUTER_PORT)];
    return { runtime, health: new NoopHealthProbe(), router, releases, now, stopRuntime: async () => (await runtime.close(), await router.close()) };
  }
  const router = await startRouter(config, logger);
  const runtime = new ProcessRuntime({ dataDir: config.JETWAY_DEPLOYER_DATA_DIR });
  const health = new HttpHealthProbe();
  // A previous deployer (stopped or killed) left its instances running: adopt them; the router
  // kept serving them (routes it lost are set again).
  const adopted = runtime.adoptSurvivors();
  if (adopted.length > 0) {
    // It reads the release records: booting while the broker restarts waits for it instead of exiting.
    const routes = await untilAvailable('resuming the routes of adopted instances', () => resumeRouting({ runtime, router, releases }), (message) => logger.warn(message));
    logger.info('adopted instances of a previous deployer', { instances: adopted.map((i) => i.id), routes });
  }
  // A stop of the whole mesh stopped them: start the recorded releases again, in the background
  // (the service is ready meanwhile; a deploy of the same app and environment waits its turn).
  const stopping = new AbortController();
  const restoreDeps: RestoreDeps = {
    runtime, router, health, releases, fetchArtifact: (digest) => artifacts.localPath(digest),
    healthDeadlineMs: config.JETWAY_HEALTH_DEADLINE_MS, signal: stopping.signal,
  };
  const restoring = restoreInBackground(restoreDeps, rollouts, logger);
  const stopRuntime = async () => {
    stopping.abort();
    await Promise.race([restoring, new Promise((resolve) => setTimeout(resolve, RESTORE_STOP_WAIT_MS).unref())]);
  };
  return { runtime, health, router, releases, now, stopRuntime };
}

/** The router process serving the data directory: adopted when one runs (it outlived a deployer), started otherwise. */
async function startRouter(config: DeployerConfig, logger: JsonLogger): Promise<ProcessRouter> {
  const router = await ProcessRouter.start({ dataDir: config.JETWAY_DEPLOYER_DATA_DIR, port: config.JETWAY_ROUTER_PORT });
  const fields = { pid: router.pid, port: router.port };
  if (!router.adopted) logger.info(`started the router process (pid ${router.pid}) on port ${router.port}`, fields);
  else logger.info(`adopted the running router process (pid ${router.pid}) on port ${router.port}`, fields);
  if (router.adopted && config.JETWAY_ROUTER_PORT !== 0 && config.JETWAY_ROUTER_PORT !== router.port) {
    logger.warn(`the running router serves port ${router.port}, not JETWAY_ROUTER_PORT ${config.JETWAY_ROUTER_PORT}: stop the mesh (or the router, pid ${router.pid}) to change it`, fields);
  }
  return router;
}

/** Restores every recorded release, logging each outcome in a plain sentence; never rejects. */
async function restoreInBackground(deps: RestoreDeps, rollouts: KeyedQueue, logger: JsonLogger): Promise<void> {
  try {
    const { unreadable } = await restoreReleases(deps, (key, task) => rollouts.run(key, task), (o) => logRestore(o, logger));
    for (const entry of unreadable) logger.warn(`cannot restore a recorded release: its entry does not read (${entry})`);
  } catch (error) {
    logger.warn(`cannot restore the recorded releases: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function logRestore(o: RestoreOutcome, logger: JsonLogger): void {
  const what = `${o.application}/${o.environment} ${o.digest}`;
  const fields = { application: o.application, environment: o.environment, digest: o.digest, outcome: o.outcome };
  if (o.outcome === 'restored') logger.info(`restored ${what}: ${o.detail}`, fields);
  else if (o.outcome === 'running') logger.info(`kept ${what} running: ${o.detail}`, fields);
  else if (o.outcome === 'not_restorable') logger.warn(`cannot restore ${what}: ${o.detail}`, fields);
  else logger.warn(`restoring ${what} failed: ${o.detail}`, fields);
}
