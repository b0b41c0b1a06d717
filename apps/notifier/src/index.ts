import { startService, type ServiceHandle } from '@jetway/messaging';
import type { NotifierConfig } from './config/notifier.config';
import { NotifierModule } from './notifier.module';

export { loadNotifierConfig, NotifierEnv } from './config/notifier.config';
export type { NotifierConfig } from './config/notifier.config';

/** Starts the notifier: run outcomes (a rollback told in its run's message) → Slack, PagerDuty, CloudEvents webhook (or log lines). */
export function startNotifier(config: NotifierConfig): Promise<ServiceHandle> {
  return startService({ service: 'notifier', env: config, feature: NotifierModule.register(config) });
}
