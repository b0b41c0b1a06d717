export { notificationsFor, type NotificationContext } from './notifications-for.use-case';
export { notifyRunFinished } from './notify.use-case';
export type { EventFacts, Notifiers, NotifyDeps } from './notify.use-case';
export { deliverEach, type Delivery, type EffectGuard, type Send } from './deliver-each';
export { dedupKeyFor, DEFAULT_PAGERDUTY_ENVIRONMENTS, UNSCOPED, type IncidentScope } from './incident-scope';
export { idempotencyKeyFor } from './idempotency-key';
export type { Notifier } from './notifier.port';
export type {
  NotificationChannel,
  NotificationIntent,
  NotificationSubject,
  PagerDutyIntent,
  PagerDutySeverity,
  SlackIntent,
  WebhookIntent,
} from './notification-intent';
