import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MonitorTriggered } from '@jetway/contracts';
import { StepWorker, type MessageMeta } from '@jetway/messaging';
import { CONFIG_DIR, CONFIG_RELOADER } from '../monitor-configurator.tokens';
import { configureMonitoring, ReloadWhenChanged, type ConfigDir, type ConfigReloader } from '../use-cases';

/** step.monitor.triggered → write the release's monitoring bundle, reload Prometheus if it changed → finished (files). */
@Controller()
export class MonitorHandler {
  private readonly reloads: ReloadWhenChanged;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(CONFIG_DIR) private readonly dir: ConfigDir,
    @Inject(CONFIG_RELOADER) reloader: ConfigReloader,
  ) {
    this.reloads = new ReloadWhenChanged(reloader);
  }

  @EventPattern('jetway.step.monitor.triggered.v1')
  async monitor(@Payload() trigger: MonitorTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('monitor', trigger, meta, async () => {
      const { application, environment, slo, release } = trigger;
      const { files, changed } = await configureMonitoring({ application, environment, slo, targets: release.targets }, this.dir);
      await this.reloads.afterWrite(changed);
      return { outcome: 'succeeded', outputs: { files } };
    });
  }
}
