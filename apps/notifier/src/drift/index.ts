export { DriftModule, driftDeps } from './drift.module';
export { DriftHandler } from './drift.handler';
export { DRIFT_DEPS } from './drift.tokens';
export { deliverDrift, type DriftChannel, type DriftChannels, type DriftDelivery, type DriftDeps } from './deliver-drift.use-case';
export { HttpDriftChannels, type HttpDriftChannelsOptions } from './drift-channels';
export { changesLine, driftDedupKey, driftEventIdOf, remediationOf, type DriftNotice, type DriftPhase } from './drift-notice';
export { toDriftPagerDutyIntent } from './drift-pagerduty';
export { toDriftSlackPayload } from './drift-slack-message';
