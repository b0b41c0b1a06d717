import { startService, type ServiceHandle } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { NotifierConfig } from './config/notifier.config';
import { FileSendJournal } from './drivers/journal/file-send-journal';
import { NotifierModule } from './notifier.module';

export { loadNotifierConfig, NotifierEnv } from './config/notifier.config';
export type { NotifierConfig } from './config/notifier.config';

/** Starts the notifier: run outcomes (a rollback told in its run's message) → Slack, PagerDuty, CloudEvents webhook (or log lines). */
export async function startNotifier(config: NotifierConfig): Promise<ServiceHandle> {
  const logger = new JsonLogger('notifier', {}, config.JETWAY_LOG_LEVEL);
  const dir = config.JETWAY_NOTIFIER_JOURNAL_DIR;
  const journal = dir ? await FileSendJournal.open(dir, (line) => logger.warn(line)) : undefined;
  if (!journal) logger.info('no send journal (JETWAY_NOTIFIER_JOURNAL_DIR unset): a notice sent while the broker is down, by a notifier killed before it is back, is sent again');
  const handle = await startService({ service: 'notifier', env: config, logger, feature: NotifierModule.register(config, journal) });
  const stop = handle.stop.bind(handle);
  return Object.assign(handle, { stop: async () => (await stop(), await journal?.close()) });
}
