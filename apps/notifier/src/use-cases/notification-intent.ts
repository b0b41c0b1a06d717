import type { Environment } from '@jetway/contracts';

/** What a notification is about: the run's outcome; decides wording. */
export type NotificationSubject = 'succeeded' | 'failed' | 'rejected';

/** A chat message about one run (a rollback is told in its run's message); the Slack driver turns it into Block Kit. */
export interface SlackIntent {
  readonly channel: 'slack';
  /** Deterministic per (event, intent): claim it before sending so a redelivery never posts twice. */
  readonly idempotencyKey: string;
  readonly title: string;
  readonly application: string;
  /** The environments concerned; empty when the run never reached one (e.g. rejected by policy). */
  readonly environments: readonly Environment[];
  readonly outcome: NotificationSubject;
  /** Environments whose deploy rolled back: the new release was undone and the previous one still serves. */
  readonly rolledBack: readonly Environment[];
  readonly runId: string;
  readonly reason?: string;
  /** What happened, in words: each step that did not succeed (criterion vs threshold, what serves now), a rollback's switch, what serves where. */
  readonly details: readonly string[];
  readonly traceId?: string;
  /** Environment → stable URL of what the run deployed. */
  readonly urls: Readonly<Record<string, string>>;
}

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/**
 * One PagerDuty Events v2 action. `trigger` opens (or adds to) the incident of `dedupKey`;
 * `resolve` closes it; a resolve for a key with no open incident is a no-op at PagerDuty.
 */
export interface PagerDutyIntent {
  readonly channel: 'pagerduty';
  readonly idempotencyKey: string;
  readonly action: 'trigger' | 'resolve';
  /** `jetway/<app>/<env>`: one incident per (application, environment). */
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly severity: PagerDutySeverity;
  readonly component: string;
  readonly group: string;
  readonly class: string;
  readonly customDetails: Readonly<Record<string, unknown>>;
  readonly links: readonly { readonly href: string; readonly text: string }[];
}

/** A CloudEvent for generic subscribers; `id` is stable per source event. */
export interface WebhookIntent {
  readonly channel: 'webhook';
  readonly idempotencyKey: string;
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly time: string;
    /** The run id. */
    readonly subject: string;
  };
  readonly data: Readonly<Record<string, unknown>>;
}

export type NotificationIntent = SlackIntent | PagerDutyIntent | WebhookIntent;
export type NotificationChannel = NotificationIntent['channel'];
