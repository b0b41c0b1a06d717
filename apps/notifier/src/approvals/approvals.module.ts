import { Module, type DynamicModule } from '@nestjs/common';
import { EffectLedger } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { NotifierConfig } from '../config/notifier.config';
import { guardWith } from '../notifier.guard';
import { providerFor } from '../notifier.tokens';
import type { SendJournal } from '../use-cases/journaled-guard';
import type { EffectGuard } from '../use-cases';
import { HttpApprovalSlack } from './approval-slack';
import { ApprovalHandler } from './approval.handler';
import { APPROVAL_DEPS } from './approval.tokens';
import type { ApprovalDeps } from './deliver-approval.use-case';

/** Approval notices from the notifier's configuration: its own Slack webhook, or one log line when there is none. */
export function approvalDeps(config: Pick<NotifierConfig, 'JETWAY_SLACK_WEBHOOK_URL'>, guard: EffectGuard, logger: JsonLogger): ApprovalDeps {
  const url = config.JETWAY_SLACK_WEBHOOK_URL;
  return { slack: url ? new HttpApprovalSlack({ url }) : undefined, guard, reachedNobody: (line, fields) => logger.info(line, fields) };
}

/** Approval requests (approval.requested) → the notifier's Slack webhook: the handler and its dependencies. */
@Module({})
export class ApprovalsModule {
  static register(config: NotifierConfig, journal?: SendJournal): DynamicModule {
    return {
      module: ApprovalsModule,
      controllers: [ApprovalHandler],
      providers: [providerFor(APPROVAL_DEPS, [EffectLedger, JsonLogger], (ledger, logger) => approvalDeps(config, guardWith(ledger, journal, logger), logger))],
    };
  }
}
