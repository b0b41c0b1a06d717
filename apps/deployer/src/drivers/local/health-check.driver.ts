import { setTimeout as sleep } from 'node:timers/promises';
import type { HealthCheck } from '@jetway/contracts';
import type { HealthProbe, HealthResult, HttpGet } from '../../use-cases';
import { httpGetStatus } from './http-get.driver';

/**
 * Polls `baseUrl + check.path` until `check.success_threshold` consecutive 2xx answers
 * (healthy), `check.failure_threshold` consecutive failures, or `deadlineMs` from now
 * (unhealthy); `signal` ends the wait at once (unhealthy, "gave up"). Durations in `check` are
 * seconds, as in the request contract. Never throws.
 */
export async function waitHealthy(
  baseUrl: string,
  check: HealthCheck,
  deadlineMs: number,
  get: HttpGet = httpGetStatus,
  signal?: AbortSignal,
): Promise<HealthResult> {
  const url = `${baseUrl.replace(/\/+$/, '')}${check.path}`;
  const endAt = Date.now() + deadlineMs;
  const left = (): number => (signal?.aborted ? 0 : Math.max(0, endAt - Date.now()));
  const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);
  await pause(Math.min(check.initial_delay * 1000, left()));
  let successes = 0;
  let failures = 0;
  let last = 'not probed yet';
  while (left() > 0) {
    const failure = await probe(get, url, Math.min(check.timeout * 1000, left()));
    last = failure ?? 'status 2xx';
    successes = failure ? 0 : successes + 1;
    failures = failure ? failures + 1 : 0;
    if (successes >= check.success_threshold) return { healthy: true };
    if (failures >= check.failure_threshold) {
      return { healthy: false, reason: `${url} failed ${failures} consecutive checks (last: ${last})` };
    }
    await pause(Math.min(check.interval * 1000, left()));
  }
  if (signal?.aborted) return { healthy: false, reason: `${url}: gave up waiting (last: ${last})` };
  return { healthy: false, reason: `${url} not healthy within ${deadlineMs} ms (last: ${last})` };
}

async function probe(get: HttpGet, url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const status = await get(url, Math.max(1, timeoutMs));
    return status >= 200 && status < 300 ? undefined : `status ${status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The `HealthProbe` port backed by `waitHealthy` over HTTP. */
export class HttpHealthProbe implements HealthProbe {
  constructor(private readonly get: HttpGet = httpGetStatus) {}

  waitHealthy(baseUrl: string, check: HealthCheck, deadlineMs: number, signal?: AbortSignal): Promise<HealthResult> {
    return waitHealthy(baseUrl, check, deadlineMs, this.get, signal);
  }
}
