import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MonitorTriggered } from '@jetway/contracts';
import { StepWorker, type MessageMeta } from '@jetway/messaging';
import { CONFIG_DIR, CONFIG_RELOADER, METRICS_ENDPOINT } from '../monitor-configurator.tokens';
import { monitorRelease, ReloadWhenChanged, type ConfigDir, type ConfigReloader, type MetricsEndpoint, type MonitorReleaseDeps } from '../use-cases';

/**
 * step.monitor.triggered → check each target serves the metric contract, write the release's
 * monitoring bundle, reload Prometheus if it changed → finished (files), or failed naming the target.
 */
@Controller()
export class MonitorHandler {
  private readonly deps: MonitorReleaseDeps;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(CONFIG_DIR) dir: ConfigDir,
    @Inject(CONFIG_RELOADER) reloader: ConfigReloader,
    @Inject(METRICS_ENDPOINT) endpoint: MetricsEndpoint,
  ) {
    this.deps = { dir, reloads: new ReloadWhenChanged(reloader), endpoint };
  }

  @EventPattern('jetway.step.monitor.triggered.v1')
  async monitor(@Payload() trigger: MonitorTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('monitor', trigger, meta, async () => {
      const { application, environment, slo, release } = trigger;
      const result = await monitorRelease({ application, environment, slo, targets: release.targets }, this.deps);
      return result.outcome === 'succeeded' ? { outcome: 'succeeded', outputs: { files: result.files } } : result;
    });
  }
}
