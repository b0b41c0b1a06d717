import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { loadBuilderConfig, startBuilder } from '@jetway/builder';
import { JetwayClient } from '@jetway/cli';
import { loadDeployerConfig, startDeployer } from '@jetway/deployer';
import type { ServiceHandle } from '@jetway/messaging';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from '@jetway/monitor-configurator';
import { loadNotifierConfig, startNotifier } from '@jetway/notifier';
import { loadPlannerConfig, startPlanner } from '@jetway/planner';
import { loadScannerConfig, startScanner } from '@jetway/scanner';
import { startTelemetry } from '@jetway/telemetry';
import { freePort, startNats, startPagerDutyReceiver, startSlackReceiver, type NatsFixture } from '@jetway/testing';

export type ServiceName = 'planner' | 'builder' | 'scanner' | 'deployer' | 'monitor-configurator' | 'notifier';
export const ALL_SERVICES: ServiceName[] = ['planner', 'builder', 'scanner', 'deployer', 'monitor-configurator', 'notifier'];

/** One exporter for the whole test process: every service's spans land here. */
export const spans = new InMemorySpanExporter();
startTelemetry({ serviceName: 'jetway-mesh-e2e', spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });

export interface Mesh {
  nats: NatsFixture;
  client: JetwayClient;
  services: Partial<Record<ServiceName, ServiceHandle>>;
  slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  pagerduty: Awaited<ReturnType<typeof startPagerDutyReceiver>>;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The six services in this process on a real nats-server, with Slack and PagerDuty stand-ins
 * that check payload shapes. `only` leaves services out (a step whose worker never answers).
 */
export async function startMesh(options: { only?: ServiceName[] } = {}): Promise<Mesh> {
  const nats = await startNats();
  const dataDir = mkdtempSync(join(tmpdir(), 'jetway-e2e-'));
  const slack = await startSlackReceiver();
  const pagerduty = await startPagerDutyReceiver();
  const base = { JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'warn', JETWAY_OPS_PORT: '0' };
  const starters: Record<ServiceName, () => Promise<ServiceHandle>> = {
    planner: () => startPlanner(loadPlannerConfig(base)),
    builder: () => startBuilder(loadBuilderConfig({ ...base, JETWAY_BUILDER_WORK_DIR: join(dataDir, 'builder') })),
    scanner: () => startScanner(loadScannerConfig(base)),
    deployer: async () =>
      startDeployer(loadDeployerConfig({ ...base, JETWAY_DEPLOYER_DATA_DIR: join(dataDir, 'deployer'), JETWAY_ROUTER_PORT: String(await freePort()) })),
    'monitor-configurator': () =>
      startMonitorConfigurator(loadMonitorConfiguratorConfig({ ...base, JETWAY_MONITORING_DIR: join(dataDir, 'monitoring') })),
    notifier: () =>
      startNotifier(
        loadNotifierConfig({ ...base, JETWAY_SLACK_WEBHOOK_URL: slack.url, JETWAY_PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000', JETWAY_PAGERDUTY_URL: pagerduty.url }),
      ),
  };
  const services: Mesh['services'] = {};
  for (const name of options.only ?? ALL_SERVICES) services[name] = await starters[name]();
  const client = await JetwayClient.connect(nats.url);
  return {
    nats,
    client,
    services,
    slack,
    pagerduty,
    dataDir,
    stop: async () => {
      await client.close();
      for (const handle of Object.values(services).reverse()) await handle.stop();
      await slack.close();
      await pagerduty.close();
      await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
