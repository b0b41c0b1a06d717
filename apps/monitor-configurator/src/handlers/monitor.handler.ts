import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MonitorTriggered } from '@jetway/contracts';
import { StepWorker, type MessageMeta } from '@jetway/messaging';
import { RELEASE_DEPS } from '../monitor-configurator.tokens';
import { monitorRelease, type MonitorReleaseDeps } from '../release/monitor-release.use-case';
import { releaseToMonitor } from '../release/release-setup';

/**
 * step.monitor.triggered → check each target serves the metric contract, generate and check the
 * release's one-item monitoring setup, apply and verify it (or write it, saying it was not
 * applied, without a stack) → finished (files, setup, applied), or failed naming the target or the check.
 */
@Controller()
export class MonitorHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(RELEASE_DEPS) private readonly deps: MonitorReleaseDeps,
  ) {}

  @EventPattern('jetway.step.monitor.triggered.v1')
  async monitor(@Payload() trigger: MonitorTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    const scratch = `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}`;
    // Repeatable: applying the same setup again converges on the same files (the stack serialises applies).
    await this.worker.run('monitor', trigger, meta, () => monitorRelease(releaseToMonitor(trigger), this.deps, scratch), 'repeatable');
  }
}
