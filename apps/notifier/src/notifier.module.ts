import { Module, type DynamicModule } from '@nestjs/common';
import { EffectLedger } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { NotifierConfig } from './config/notifier.config';
import { LogDriver } from './drivers/log/log.driver';
import { PagerDutyDriver } from './drivers/pagerduty/pagerduty.driver';
import { SlackDriver } from './drivers/slack/slack.driver';
import { WebhookDriver } from './drivers/webhook/webhook.driver';
import { NotificationHandler } from './handlers/notification.handler';
import { ApprovalsModule } from './approvals';
import { DriftModule } from './drift';
import { IncidentsModule } from './incidents';
import { NOTIFIER, NOTIFY_DEPS, providerFor } from './notifier.tokens';
import { guardWith } from './notifier.guard';
import type { SendJournal } from './use-cases/journaled-guard';

/**
 * Each channel gets its real driver when configured, else the log driver. Incidents carry their
 * own channels (secret files read at send time); one without channels goes to the Slack webhook and
 * PagerDuty routing key configured here (IncidentsModule).
 */
@Module({})
export class NotifierModule {
  static register(config: NotifierConfig, journal?: SendJournal): DynamicModule {
    const slackUrl = config.JETWAY_SLACK_WEBHOOK_URL;
    const routingKey = config.JETWAY_PAGERDUTY_ROUTING_KEY;
    const webhookUrl = config.JETWAY_WEBHOOK_URL;
    return {
      module: NotifierModule,
      imports: [IncidentsModule.register(config, journal), DriftModule.register(config, journal), ApprovalsModule.register(config, journal)],
      controllers: [NotificationHandler],
      providers: [
        providerFor(NOTIFIER.slack, [JsonLogger], (logger) =>
          slackUrl ? new SlackDriver({ webhookUrl: slackUrl }) : new LogDriver('slack', logger),
        ),
        providerFor(NOTIFIER.pagerduty, [JsonLogger], (logger) =>
          routingKey ? new PagerDutyDriver({ routingKey, baseUrl: config.JETWAY_PAGERDUTY_URL }) : new LogDriver('pagerduty', logger),
        ),
        providerFor(NOTIFIER.webhook, [JsonLogger], (logger) =>
          webhookUrl ? new WebhookDriver({ url: webhookUrl }) : new LogDriver('webhook', logger),
        ),
        providerFor(NOTIFY_DEPS, [NOTIFIER.slack, NOTIFIER.pagerduty, NOTIFIER.webhook, EffectLedger, JsonLogger], (slack, pagerduty, webhook, ledger, logger) => ({
          notifiers: { slack, pagerduty, webhook },
          guard: guardWith(ledger, journal, logger),
        })),
      ],
    };
  }
}
