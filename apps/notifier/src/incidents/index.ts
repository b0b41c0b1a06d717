export { IncidentHandler } from './incident.handler';
export { INCIDENT_DEPS } from './incident.tokens';
export { deliverIncident, type IncidentDelivery, type IncidentDeps } from './deliver-incident.use-case';
export { HttpIncidentChannels, type HttpIncidentChannelsOptions, type IncidentChannels } from './incident-channels';
export { incidentEventId, type DeliverableChannel, type IncidentNotice, type IncidentPhase } from './incident-notice';
export { toIncidentPagerDutyIntent, pagerDutySeverityOf } from './incident-pagerduty';
export { toIncidentSlackPayload } from './incident-slack-message';
export { readSecretFile } from './secret-file';
export { TokenBucket, pagerDutyBucket } from './token-bucket';
