import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ApprovalRequested } from '@jetway/contracts';
import type { MessageMeta } from '@jetway/messaging';
import { APPROVAL_DEPS } from './approval.tokens';
import { deliverApproval, type ApprovalDeps } from './deliver-approval.use-case';

/**
 * A run waits for a human decision (the planner's approval request) → one Slack message: what
 * waits, who may approve, the plan under review and the command that approves it. Publishes
 * nothing and decides nothing; a failed post retries (or dead-letters) only this message.
 */
@Controller()
export class ApprovalHandler {
  constructor(@Inject(APPROVAL_DEPS) private readonly deps: ApprovalDeps) {}

  @EventPattern('jetway.approval.requested.v1')
  async requested(@Payload() request: ApprovalRequested, @Ctx() meta: MessageMeta): Promise<void> {
    await deliverApproval(request, meta.envelope.time, this.deps);
  }
}
