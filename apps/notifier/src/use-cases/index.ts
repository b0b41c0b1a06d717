export { notificationsFor, type NotifiableEvent, type NotificationContext } from './notifications-for.use-case';
export { notifyDeployFinished, notifyRunFinished } from './notify.use-case';
export type { Delivery, EffectGuard, EventFacts, Notifiers, NotifyDeps } from './notify.use-case';
export { dedupKeyFor, UNSCOPED, type IncidentScope } from './incident-scope';
export { idempotencyKeyFor } from './idempotency-key';
export type { Notifier } from './notifier.port';
export type { DeployScope, RunScopes } from './run-scopes.port';
export type {
  NotificationChannel,
  NotificationIntent,
  NotificationSubject,
  PagerDutyIntent,
  PagerDutySeverity,
  SlackIntent,
  WebhookIntent,
} from './notification-intent';
