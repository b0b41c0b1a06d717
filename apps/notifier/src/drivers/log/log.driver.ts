import type { JsonLogger } from '@jetway/telemetry';
import type { NotificationChannel, NotificationIntent, Notifier } from '../../use-cases';

/**
 * Stands in for a channel that is not configured: each notification becomes one JSON log line
 * (`msg: "notification"`, the channel and the intent), so the embedded setup needs no secrets
 * and still shows what would have been sent. Never fails.
 */
export class LogDriver<C extends NotificationChannel> implements Notifier<C> {
  constructor(
    readonly channel: C,
    private readonly logger: JsonLogger,
  ) {}

  async send(intent: Extract<NotificationIntent, { channel: C }>): Promise<void> {
    this.logger.info('notification', { channel: this.channel, configured: false, intent });
  }
}
