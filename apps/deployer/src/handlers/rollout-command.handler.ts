import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RolloutCommanded } from '@jetway/contracts';
import type { MessageMeta } from '@jetway/messaging';
import { storeCommand, type RolloutDeps } from '../strategies';
import { DEPLOY_DEPS } from './tokens';

/** `promote` / `abort` from the planner: handed to the rollout of that deploy step attempt, wherever it runs. */
@Controller()
export class RolloutCommandHandler {
  constructor(@Inject(DEPLOY_DEPS) private readonly deps: RolloutDeps) {}

  @EventPattern('jetway.rollout.commanded.v1')
  async command(@Payload() command: RolloutCommanded, @Ctx() meta: MessageMeta): Promise<void> {
    await storeCommand(command, meta.envelope.id, this.deps.rollouts);
  }
}
