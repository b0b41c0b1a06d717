import { Module, type DynamicModule } from '@nestjs/common';
import { EffectLedger } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { NotifierConfig } from '../config/notifier.config';
import { guardWith } from '../notifier.guard';
import { providerFor } from '../notifier.tokens';
import type { SendJournal } from '../use-cases/journaled-guard';
import type { DriftDeps } from './deliver-drift.use-case';
import { HttpDriftChannels } from './drift-channels';
import { DriftHandler } from './drift.handler';
import { DRIFT_DEPS } from './drift.tokens';

/** Drift from the notifier's configuration: its own Slack webhook and PagerDuty routing key. */
export function driftDeps(
  config: Pick<NotifierConfig, 'JETWAY_PAGERDUTY_URL' | 'JETWAY_SLACK_WEBHOOK_URL' | 'JETWAY_PAGERDUTY_ROUTING_KEY'>,
  guard: DriftDeps['guard'],
  logger: JsonLogger,
): DriftDeps {
  const channels = new HttpDriftChannels({
    pagerDutyUrl: config.JETWAY_PAGERDUTY_URL,
    ...(config.JETWAY_SLACK_WEBHOOK_URL && { slackWebhookUrl: config.JETWAY_SLACK_WEBHOOK_URL }),
    ...(config.JETWAY_PAGERDUTY_ROUTING_KEY && { pagerDutyRoutingKey: config.JETWAY_PAGERDUTY_ROUTING_KEY }),
  });
  return { channels, guard, configured: channels.configured, reachedNobody: (line, fields) => logger.info(line, fields) };
}

/** Infrastructure drift (drift.detected / resolved) → Slack and PagerDuty: the handler and its dependencies. */
@Module({})
export class DriftModule {
  static register(config: NotifierConfig, journal?: SendJournal): DynamicModule {
    return {
      module: DriftModule,
      controllers: [DriftHandler],
      providers: [providerFor(DRIFT_DEPS, [EffectLedger, JsonLogger], (ledger, logger) => driftDeps(config, guardWith(ledger, journal, logger), logger))],
    };
  }
}
