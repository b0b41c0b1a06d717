export { postToSlack, SlackDriver, slackPacer, type SlackDriverOptions } from './slack/slack.driver';
export { Pacer, type PacerClock } from './slack/pacer';
export { toSlackPayload, type SlackPayload } from './slack/slack-message';
export { PagerDutyDriver, type PagerDutyDriverOptions } from './pagerduty/pagerduty.driver';
export { toPagerDutyEvent } from './pagerduty/pagerduty-event';
export { WebhookDriver, toBinaryCloudEvent, type WebhookDriverOptions } from './webhook/webhook.driver';
