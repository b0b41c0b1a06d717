import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DriftEvent } from '@jetway/contracts';
import type { MessageMeta } from '@jetway/messaging';
import { deliverDrift, type DriftDeps } from './deliver-drift.use-case';
import { DRIFT_DEPS } from './drift.tokens';

/**
 * Drift of an infrastructure stack (from the deployer's checks) → the notifier's Slack and
 * PagerDuty: a trigger per episode, resolved by the same key when the stack is back in sync.
 * Publishes nothing; a failed channel retries (or dead-letters) only this message.
 */
@Controller()
export class DriftHandler {
  constructor(@Inject(DRIFT_DEPS) private readonly deps: DriftDeps) {}

  @EventPattern('jetway.infra.drift.detected.v1')
  async detected(@Payload() drift: DriftEvent, @Ctx() meta: MessageMeta): Promise<void> {
    await deliverDrift(drift, 'detected', meta.envelope.time, this.deps);
  }

  @EventPattern('jetway.infra.drift.resolved.v1')
  async resolved(@Payload() drift: DriftEvent, @Ctx() meta: MessageMeta): Promise<void> {
    await deliverDrift(drift, 'resolved', meta.envelope.time, this.deps);
  }
}
