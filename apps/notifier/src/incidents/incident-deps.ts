import type { JsonLogger } from '@jetway/telemetry';
import type { NotifierConfig } from '../config/notifier.config';
import type { EffectGuard } from '../use-cases';
import type { IncidentDeps } from './deliver-incident.use-case';
import { HttpIncidentChannels } from './incident-channels';
import { configuredOwnChannels } from './own-channels';

/**
 * Incident delivery from the notifier's configuration: PagerDuty's URL, and its own Slack webhook
 * and PagerDuty routing key (the run notifications' ones) for incidents without channels. An
 * incident that reaches nobody is one info line, as a run notification without a configured channel.
 */
export function incidentDeps(
  config: Pick<NotifierConfig, 'JETWAY_PAGERDUTY_URL' | 'JETWAY_SLACK_WEBHOOK_URL' | 'JETWAY_PAGERDUTY_ROUTING_KEY'>,
  guard: EffectGuard,
  logger: JsonLogger,
): IncidentDeps {
  const own = { slackWebhookUrl: config.JETWAY_SLACK_WEBHOOK_URL, pagerDutyRoutingKey: config.JETWAY_PAGERDUTY_ROUTING_KEY };
  return {
    channels: new HttpIncidentChannels({ pagerDutyUrl: config.JETWAY_PAGERDUTY_URL, own }),
    guard,
    own: configuredOwnChannels(own),
    notDelivered: (line, fields) => logger.warn(line, fields),
    reachedNobody: (line, fields) => logger.info(line, fields),
  };
}
