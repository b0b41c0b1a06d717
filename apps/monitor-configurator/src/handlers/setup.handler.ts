import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MonitoringApplyTriggered, MonitoringGenerateTriggered, MonitoringValidateTriggered, MonitoringVerifyTriggered } from '@jetway/contracts';
import { StepWorker, type MessageMeta } from '@jetway/messaging';
import { SETUP_DEPS } from '../monitor-configurator.tokens';
import { applyBundle, verifyBundle } from '../setup/apply-bundle.use-case';
import { generateBundle } from '../setup/generate-bundle.use-case';
import type { SetupDeps } from '../setup/setup.deps';
import { validateBundle } from '../setup/validate-bundle.use-case';

/**
 * The monitoring setup pipeline's four steps: generate (bundle → object store), validate (the
 * formats' own tools), apply (files + reloads, restored on refusal), verify (the stack runs it).
 */
@Controller()
export class SetupHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(SETUP_DEPS) private readonly deps: SetupDeps,
  ) {}

  @EventPattern('jetway.step.monitoring-generate.triggered.v1')
  async generate(@Payload() trigger: MonitoringGenerateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('monitoring-generate', trigger, meta, async () => ({ outcome: 'succeeded', outputs: await generateBundle(trigger, this.deps) }));
  }

  @EventPattern('jetway.step.monitoring-validate.triggered.v1')
  async validate(@Payload() trigger: MonitoringValidateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('monitoring-validate', trigger, meta, async () => {
      const result = await validateBundle(trigger, this.deps);
      const { checks, ruleTestsPassed, routingCasesPassed } = result.verdict;
      const outputs = { checks, rule_tests_passed: ruleTestsPassed, routing_cases_passed: routingCasesPassed };
      return result.ok ? { outcome: 'succeeded', outputs } : { outcome: 'failed', reason: result.reason, outputs };
    });
  }

  @EventPattern('jetway.step.monitoring-apply.triggered.v1')
  async apply(@Payload() trigger: MonitoringApplyTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('monitoring-apply', trigger, meta, async () => {
      const applied = await applyBundle(trigger, this.deps);
      const outputs = { files: [...applied.files], reloaded: [...applied.reloaded], urls: { ...applied.urls }, ...(applied.previousDigest && { previous_digest: applied.previousDigest }) };
      return { outcome: 'succeeded', outputs };
    });
  }

  @EventPattern('jetway.step.monitoring-verify.triggered.v1')
  async verify(@Payload() trigger: MonitoringVerifyTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('monitoring-verify', trigger, meta, async () => {
      const v = await verifyBundle(trigger, this.deps);
      const outputs = { targets_up: v.targetsUp, targets_total: v.targetsTotal, rule_groups_loaded: v.ruleGroupsLoaded, rules_loaded: v.rulesLoaded, alertmanager_config_hash: v.alertmanagerConfigHash };
      return { outcome: 'succeeded', outputs };
    });
  }
}
