import { startService, type ServiceHandle } from '@jetway/messaging';
import type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
import { MonitorConfiguratorModule } from './monitor-configurator.module';

export { loadMonitorConfiguratorConfig, MonitorConfiguratorEnv } from './config/monitor-configurator.config';
export type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
// The stack's processes, for the launcher (`npm start` runs Prometheus, Alertmanager and the blackbox exporter).
export { missingStackPackages, startStackProcesses, type StackProcesses, type StackProcessOptions } from './drivers/stack';

/** Starts the monitor-configurator: a release's targets and SLO → Prometheus scrape config and rules. */
export function startMonitorConfigurator(config: MonitorConfiguratorConfig): Promise<ServiceHandle> {
  return startService({
    service: 'monitor-configurator',
    env: config,
    feature: MonitorConfiguratorModule.register(config),
    // A monitoring setup's steps (rule tests, a stack's reload) run a few at a time. A release's
    // monitor step takes 32, BatchedChecks' largest run: the bundles of the releases in flight are
    // checked together in one promtool and amtool run each (release/batched-checks.ts), so a burst
    // of deployments shares those runs instead of queueing behind them. Against 16, three
    // alternating bench runs of 100 (2026-12-02): monitor-configurator CPU per run 83/97/91 →
    // 71/63/67 ms, hops/s 136/119/127 → 142/164/157, hop p99 4.5/5.6/5.1 → 3.7/3.6/3.3 s, its peak
    // RSS 179–183 → 183–186 MB (docs/architecture.md, "What a hop costs").
    server: { consumer: { concurrency: 4 }, perSubject: { 'jetway.step.monitor.triggered.v1': { concurrency: 32 } } },
  });
}
