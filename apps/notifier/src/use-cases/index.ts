export { notificationsFor, type NotifiableEvent, type NotificationContext } from './notifications-for.use-case';
export { dedupKeyFor, UNSCOPED, type IncidentScope } from './incident-scope';
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
