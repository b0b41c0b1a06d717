import { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

/**
 * Each channel is optional: an unconfigured channel's notifications are written as one JSON log
 * line instead (the embedded default), so nothing is lost and nothing needs a secret to boot.
 */
export const NotifierEnv = MeshEnv.extend({
  /** A Slack incoming-webhook URL (a secret: never logged). */
  JETWAY_SLACK_WEBHOOK_URL: z.url().optional(),
  /** The integration (routing) key of a PagerDuty service (a secret: never logged). */
  JETWAY_PAGERDUTY_ROUTING_KEY: z.string().min(1).optional(),
  /** Base URL of the PagerDuty Events API; events go to `<url>/v2/enqueue`. */
  JETWAY_PAGERDUTY_URL: z.url().default('https://events.pagerduty.com'),
  /** Where CloudEvents for generic subscribers are POSTed. */
  JETWAY_WEBHOOK_URL: z.url().optional(),
  /**
   * A directory on a disk that outlives the process (`npm start`: `<state dir>/notifier`), for the
   * send journal: a notice sent while the broker is down, by a notifier killed before the broker
   * is back, is then not sent again when the next notifier on this disk takes the notice over.
   * Unset: no journal (said at boot), and that case sends it again.
   */
  JETWAY_NOTIFIER_JOURNAL_DIR: z.string().min(1).optional(),
});
export type NotifierConfig = z.infer<typeof NotifierEnv>;

/** The only place the notifier reads process.env. */
export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return loadEnv(NotifierEnv, env);
}
