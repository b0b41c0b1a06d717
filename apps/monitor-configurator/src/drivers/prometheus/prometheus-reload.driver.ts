import { TransientError } from '@jetway/messaging';
import type { ConfigReloader } from '../../use-cases';

export interface PrometheusReloadOptions {
  /** Prometheus' lifecycle endpoint, e.g. `http://127.0.0.1:9090/-/reload`. */
  readonly url: string;
  readonly timeoutMs?: number;
}

/**
 * POSTs to Prometheus' `/-/reload`. Any failure is a `TransientError`: Prometheus may be
 * restarting; a 403 means it runs without `--web.enable-lifecycle`, and the message says so.
 */
export class PrometheusReloadDriver implements ConfigReloader {
  constructor(private readonly options: PrometheusReloadOptions) {}

  async reload(): Promise<void> {
    const { url, timeoutMs = 5_000 } = this.options;
    let status: number;
    try {
      const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
      status = res.status;
      await res.body?.cancel();
    } catch (cause) {
      throw new TransientError(`Prometheus reload at ${new URL(url).origin} unreachable: ${(cause as Error).message}`, { cause });
    }
    if (status >= 200 && status < 300) return;
    const hint = status === 403 ? ' (start Prometheus with --web.enable-lifecycle)' : '';
    throw new TransientError(`Prometheus reload at ${new URL(url).origin} answered HTTP ${status}${hint}`);
  }
}

/** Used when no reload URL is configured: Prometheus is expected to pick the files up itself. */
export const NO_RELOAD: ConfigReloader = { reload: async () => undefined };
