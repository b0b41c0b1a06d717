import { join } from 'node:path';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ArtifactObjects, Mesh } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { DEPLOYER_CONFIG, type DeployerConfig } from './config/deployer.config';
import { HttpHealthProbe, LocalRouter, ProcessRuntime } from './drivers/local';
import { ArtifactFiles } from './drivers/nats/artifact-files.driver';
import { KvReleaseStore } from './drivers/nats/kv-release-store.driver';
import { StepLogObjects } from './drivers/nats/step-log.driver';
import { NoopHealthProbe, NoopRuntime } from './drivers/noop';
import { DeployHandler } from './handlers/deploy.handler';
import { KeyedQueue } from './handlers/keyed-queue';
import { DEPLOY_DEPS, ROLLOUTS } from './handlers/tokens';
import { restoreReleases, resumeRouting, type DeployDeps, type RestoreDeps, type RestoreOutcome } from './use-cases';

/** The use cases' dependencies, the router, and how to stop what the chosen runtime started. */
type Wired = DeployDeps & { router: LocalRouter; stopRuntime: () => Promise<void> };

/** How long a graceful stop waits for a restore in progress to give up. */
const RESTORE_STOP_WAIT_MS = 10_000;

@Module({})
export class DeployerModule implements OnApplicationShutdown {
  constructor(@Inject(DEPLOY_DEPS) private readonly deps: Wired) {}

  static register(config: DeployerConfig): DynamicModule {
    return {
      module: DeployerModule,
      controllers: [DeployHandler],
      providers: [
        { provide: DEPLOYER_CONFIG, useValue: config },
        { provide: ROLLOUTS, useValue: new KeyedQueue() },
        {
          provide: ArtifactFiles,
          inject: [ArtifactObjects],
          useFactory: (objects: ArtifactObjects) => new ArtifactFiles(objects, join(config.JETWAY_DEPLOYER_DATA_DIR, 'downloads')),
        },
        { provide: StepLogObjects, inject: [ArtifactObjects, JsonLogger], useFactory: (o: ArtifactObjects, l: JsonLogger) => new StepLogObjects(o, l) },
        {
          provide: DEPLOY_DEPS,
          inject: [Mesh, JsonLogger, ArtifactFiles, ROLLOUTS],
          useFactory: (mesh: Mesh, logger: JsonLogger, artifacts: ArtifactFiles, rollouts: KeyedQueue) => wire(config, { mesh, logger, artifacts, rollouts }),
        },
      ],
    };
  }

  /** Graceful stop: the local platform's instances stop with the deployer (a crash leaves them to be adopted). */
  async onApplicationShutdown(): Promise<void> {
    await this.deps.stopRuntime();
    await this.deps.router.close();
  }
}

interface WireContext {
  readonly mesh: Mesh;
  readonly logger: JsonLogger;
  readonly artifacts: ArtifactFiles;
  readonly rollouts: KeyedQueue;
}

async function wire(config: DeployerConfig, { mesh, logger, artifacts, rollouts }: WireContext): Promise<Wired> {
  const router = await LocalRouter.start({ port: config.JETWAY_ROUTER_PORT });
  const releases = new KvReleaseStore(mesh);
  const now = () => new Date();
  if (config.JETWAY_DEPLOYER_RUNTIME === 'noop') {
    const runtime = new NoopRuntime();
    return { runtime, health: new NoopHealthProbe(), router, releases, now, stopRuntime: () => runtime.close() };
  }
  const runtime = new ProcessRuntime({ dataDir: config.JETWAY_DEPLOYER_DATA_DIR });
  const health = new HttpHealthProbe();
  // A deployer that was killed left its instances running: adopt them and route them again.
  const adopted = runtime.adoptSurvivors();
  if (adopted.length > 0) {
    const routes = await resumeRouting({ runtime, router, releases });
    logger.info('adopted instances of a previous deployer', { instances: adopted.map((i) => i.id), routes });
  }
  // A graceful stop stopped them: start the recorded releases again, in the background (the
  // service is ready meanwhile; a deploy of the same app and environment waits its turn).
  const stopping = new AbortController();
  const restoreDeps: RestoreDeps = {
    runtime, router, health, releases, fetchArtifact: (digest) => artifacts.localPath(digest),
    healthDeadlineMs: config.JETWAY_HEALTH_DEADLINE_MS, signal: stopping.signal,
  };
  const restoring = restoreInBackground(restoreDeps, rollouts, logger);
  const stopRuntime = async () => {
    stopping.abort();
    await Promise.race([restoring, new Promise((resolve) => setTimeout(resolve, RESTORE_STOP_WAIT_MS).unref())]);
    await runtime.stopAll();
  };
  return { runtime, health, router, releases, now, stopRuntime };
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
