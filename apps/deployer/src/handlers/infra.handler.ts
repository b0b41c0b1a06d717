import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { InfraApplyTriggered, InfraConfigureTriggered, InfraPlanTriggered, InfraVerifyTriggered } from '@jetway/contracts';
import { StepWorker, type MessageMeta } from '@jetway/messaging';
import { StepLogObjects } from '../drivers/nats/step-log.driver';
import { applyInfra, configureInfra, planInfra, stepOutcome, verifyInfra, INFRA_DEPS, type InfraDeps } from '../infrastructure';

/** The infrastructure steps: plan (locks first), apply exactly the reviewed plan, configure (Ansible), verify; locks are freed when a run ends (RunFinishedHandler). */
@Controller()
export class InfraHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(INFRA_DEPS) private readonly deps: InfraDeps,
    @Inject(StepLogObjects) private readonly stepLogs: StepLogObjects,
  ) {}

  @EventPattern('jetway.step.infra-plan.triggered.v1')
  async plan(@Payload() trigger: InfraPlanTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('infra-plan', trigger, meta, () =>
      stepOutcome(async () => {
        const { review, log } = await planInfra(trigger, this.deps);
        return { outcome: 'succeeded' as const, outputs: { plan: review }, ...(await this.stepLogs.keep(trigger, log)) };
      }),
    );
  }

  @EventPattern('jetway.step.infra-apply.triggered.v1')
  async apply(@Payload() trigger: InfraApplyTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('infra-apply', trigger, meta, () =>
      stepOutcome(async () => ({ outcome: 'succeeded' as const, outputs: await this.deps.exclusive(trigger.stack, trigger.environment, () => applyInfra(trigger, this.deps)) })),
    );
  }

  @EventPattern('jetway.step.infra-configure.triggered.v1')
  async configure(@Payload() trigger: InfraConfigureTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('infra-configure', trigger, meta, () =>
      stepOutcome(async () => {
        const result = await this.deps.exclusive(trigger.stack, trigger.environment, () => configureInfra(trigger, this.deps));
        if (!result.configured) return { outcome: 'succeeded' as const, reason: result.reason, outputs: { changed_first: 0, changed_second: 0, tasks: [] } };
        const { configured: _configured, ...outputs } = result;
        return { outcome: 'succeeded' as const, outputs };
      }),
    );
  }

  @EventPattern('jetway.step.infra-verify.triggered.v1')
  async verify(@Payload() trigger: InfraVerifyTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('infra-verify', trigger, meta, () =>
      stepOutcome(async () => {
        const result = await verifyInfra(trigger, this.deps);
        return { outcome: result.passed ? ('succeeded' as const) : ('failed' as const), reason: result.reason, outputs: { checks: result.checks } };
      }),
    );
  }
}
