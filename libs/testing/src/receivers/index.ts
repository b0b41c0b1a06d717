export { startSlackReceiver, type SlackReceiver, type SlackReceiverOptions } from './slack.receiver';
export {
  startPagerDutyReceiver,
  type PagerDutyReceiver,
  type PagerDutyReceiverOptions,
} from './pagerduty.receiver';
export { startCloudEventsReceiver, type CloudEventsReceiver, type ReceivedCloudEvent } from './cloudevents.receiver';
export { SlackMessage, Block } from './slack-message.schema';
export { PagerDutyEvent } from './pagerduty-event.schema';
export type { ReceivedRequest, Rejection } from './http-receiver';
