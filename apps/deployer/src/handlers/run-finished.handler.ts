import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { PipelineFinished } from '@jetway/contracts';
import { JsonLogger } from '@jetway/telemetry';
import { releaseRunLocks, INFRA_DEPS, type InfraDeps } from '../infrastructure';
import { VERIFY_HOLDS } from './tokens';
import { VerifyHolds } from './verify-holds';

/** A run ended (succeeded, failed, rejected, cancelled): what it held in this deployer is free again. */
@Controller()
export class RunFinishedHandler {
  constructor(
    @Inject(INFRA_DEPS) private readonly deps: InfraDeps,
    @Inject(VERIFY_HOLDS) private readonly holds: VerifyHolds,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @EventPattern('jetway.pipeline.finished.v1')
  async runFinished(@Payload() finished: PipelineFinished): Promise<void> {
    // A run that ended between its deploy and its verify (failed, cancelled) holds its environment no longer.
    for (const key of this.holds.releaseRun(finished.run_id)) {
      this.logger.info(`run ${finished.run_id} ${finished.outcome} before its verify: the next deploy to ${key} goes ahead`, { run_id: finished.run_id });
    }
    // Only infrastructure runs take stack locks: every other run's end (each deployment) costs no
    // lock scan. A finished event without a kind (an older planner's) is scanned, to be safe.
    if (finished.kind !== undefined && finished.kind !== 'infrastructure') return;
    const released = await releaseRunLocks(this.deps.store, finished.run_id);
    if (released.length > 0) {
      const locks = released.map((l) => `${l.stack}/${l.environment}`);
      this.logger.info(`run ${finished.run_id} ${finished.outcome}: released the stack locks ${locks.join(', ')}`, { run_id: finished.run_id, locks });
    }
  }
}
