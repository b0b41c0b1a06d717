import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModulesContainer } from '@nestjs/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { loadBuilderConfig, startBuilder } from '@jetway/builder';
import { JetwayClient } from '@jetway/cli';
import { loadDeployerConfig, startDeployer, stopLocalPlatform } from '@jetway/deployer';
import type { ServiceHandle } from '@jetway/messaging';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from '@jetway/monitor-configurator';
import { loadNotifierConfig, startNotifier } from '@jetway/notifier';
import { loadPlannerConfig, startPlanner } from '@jetway/planner';
import { loadScannerConfig, startScanner } from '@jetway/scanner';
import { startTelemetry } from '@jetway/telemetry';
import { freePort, startNats, startPagerDutyReceiver, startSlackReceiver, type NatsCluster, type NatsFixture } from '@jetway/testing';

export type ServiceName = 'planner' | 'builder' | 'scanner' | 'deployer' | 'monitor-configurator' | 'notifier';
export const ALL_SERVICES: ServiceName[] = ['planner', 'builder', 'scanner', 'deployer', 'monitor-configurator', 'notifier'];

/** One exporter for the whole test process: every service's spans land here. */
export const spans = new InMemorySpanExporter();
startTelemetry({ serviceName: 'jetway-mesh-e2e', spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });

/** Where the mesh's NATS runs: a single server or a cluster. */
export type Broker = NatsFixture | NatsCluster;

export interface Mesh<B extends Broker = NatsFixture> {
  /** The broker the services use; the mesh stops it only when it started it. */
  nats: B;
  /** The comma-separated NATS URLs every service connects with (JETWAY_NATS_URL). */
  servers: string;
  client: JetwayClient;
  services: Partial<Record<ServiceName, ServiceHandle>>;
  slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  pagerduty: Awaited<ReturnType<typeof startPagerDutyReceiver>>;
  dataDir: string;
  stop(): Promise<void>;
}

export interface MeshOptions<B extends Broker = NatsFixture> {
  /** Leaves services out (a step whose worker never answers). */
  only?: ServiceName[];
  /** An existing broker to run on, which the caller stops; by default a fresh single server the mesh owns. */
  nats?: B;
  /** JETWAY_REPLICAS for every service: 3 on a 3-node cluster. Default 1. */
  replicas?: number;
  /** More environment for one service (the monitor-configurator's monitoring stack, the deployer's Terraform, say). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * The six services in this process on a real nats-server (or a cluster), with Slack and
 * PagerDuty stand-ins that check payload shapes.
 */
export async function startMesh<B extends Broker = NatsFixture>(options: MeshOptions<B> = {}): Promise<Mesh<B>> {
  const owned = options.nats === undefined;
  const nats = (options.nats ?? (await startNats())) as B;
  const servers = 'urls' in nats ? nats.urls : nats.url;
  const dataDir = mkdtempSync(join(tmpdir(), 'jetway-e2e-'));
  const slack = await startSlackReceiver();
  const pagerduty = await startPagerDutyReceiver();
  const base = { JETWAY_NATS_URL: servers, JETWAY_LOG_LEVEL: 'warn', JETWAY_OPS_PORT: '0', JETWAY_REPLICAS: String(options.replicas ?? 1) };
  const extra = (name: ServiceName) => options.env?.[name] ?? {};
  const starters: Record<ServiceName, () => Promise<ServiceHandle>> = {
    planner: () => startPlanner(loadPlannerConfig(base)),
    builder: () => startBuilder(loadBuilderConfig({ ...base, JETWAY_BUILDER_WORK_DIR: join(dataDir, 'builder') })),
    scanner: () => startScanner(loadScannerConfig(base)),
    deployer: async () =>
      startDeployer(loadDeployerConfig({ ...base, JETWAY_DEPLOYER_DATA_DIR: join(dataDir, 'deployer'), JETWAY_ROUTER_PORT: String(await freePort()), ...extra('deployer') })),
    'monitor-configurator': () =>
      startMonitorConfigurator(loadMonitorConfiguratorConfig({ ...base, JETWAY_STACK_DIR: join(dataDir, 'stack'), ...extra('monitor-configurator') })),
    notifier: () =>
      startNotifier(
        loadNotifierConfig({ ...base, JETWAY_SLACK_WEBHOOK_URL: slack.url, JETWAY_PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000', JETWAY_PAGERDUTY_URL: pagerduty.url }),
      ),
  };
  const services: Mesh['services'] = {};
  for (const name of options.only ?? ALL_SERVICES) services[name] = await starters[name]();
  // The CLI client takes one URL; on a cluster it learns the other nodes from the server.
  const client = await JetwayClient.connect(servers.split(',')[0] ?? servers);
  return {
    nats,
    servers,
    client,
    services,
    slack,
    pagerduty,
    dataDir,
    stop: async () => {
      await client.close();
      for (const handle of Object.values(services).reverse()) await handle.stop();
      // The deployer's router process and the apps outlive the deployer: stopping the mesh stops them.
      await stopLocalPlatform(join(dataDir, 'deployer'));
      await slack.close();
      await pagerduty.close();
      if (owned) await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the deployer's local ProcessRuntime tells about the processes it started. */
export interface DeployerRuntimeView {
  /** Processes started since the deployer booted: the effect counter fault tests check. */
  readonly processesStarted: number;
  running(application: string, environment: 'staging' | 'production'): readonly unknown[];
}

/**
 * The deployer's ProcessRuntime, found in its Nest module container (the deployer's door
 * exports no handle on it): the provider whose `runtime` has a `processesStarted` counter.
 */
export function deployerRuntime(mesh: Pick<Mesh<Broker>, 'services'>): DeployerRuntimeView {
  const deployer = mesh.services.deployer;
  if (!deployer) throw new Error('this mesh runs no deployer');
  for (const module of deployer.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const runtime = (wrapper.instance as { runtime?: Partial<DeployerRuntimeView> } | null | undefined)?.runtime;
      if (typeof runtime?.processesStarted === 'number' && typeof runtime.running === 'function') return runtime as DeployerRuntimeView;
    }
  }
  throw new Error("no provider with the deployer's ProcessRuntime in its module container");
}
