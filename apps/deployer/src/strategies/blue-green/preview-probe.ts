import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpGet } from '../../use-cases/http-get.port';

/** Probes in flight at once, and the pause after each: ~80 requests a second, enough for `min_requests` at a 1 s interval. */
const LANES = 2;
const PAUSE_MS = 25;
const TIMEOUT_MS = 5_000;

/**
 * Sends steady GETs through the preview URL until `signal` aborts — `/` and the health check's
 * path in turn — so pre-promotion analysis has traffic to measure: nobody else knows the
 * preview URL, and measuring no requests would be inconclusive. The router counts these like
 * any request, under the new release's label; a failed probe is a measured error, not a crash.
 */
export async function probePreview(previewUrl: string, healthPath: string, get: HttpGet, signal: AbortSignal): Promise<void> {
  const paths = [...new Set(['/', healthPath])];
  const lane = async (offset: number) => {
    for (let n = offset; !signal.aborted; n += 1) {
      await get(`${previewUrl}${paths[n % paths.length] ?? '/'}`, TIMEOUT_MS).catch(() => undefined);
      await sleep(PAUSE_MS, undefined, { signal }).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
}
