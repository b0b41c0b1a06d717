import type { HttpGet } from './http-get.port';

export type VerifyResult =
  | { readonly outcome: 'succeeded'; readonly checks_passed: number }
  | { readonly outcome: 'failed'; readonly checks_passed: number; readonly reason: string };

export interface VerifyOptions {
  /** Bound on each GET, in milliseconds. */
  readonly timeoutMs?: number;
}

/**
 * Verifies a release the way its users reach it: `checks` sequential GETs of
 * `url + healthPath` through the stable URL; every one must answer 2xx. Stops at the first
 * failure, whose reason names the URL, the attempt and the status or error.
 */
export async function verifyRelease(
  url: string,
  healthPath: string,
  checks: number,
  http: HttpGet,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const target = `${url.replace(/\/+$/, '')}${healthPath}`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  for (let attempt = 1; attempt <= checks; attempt += 1) {
    const failure = await checkOnce(http, target, timeoutMs);
    if (failure) {
      return { outcome: 'failed', checks_passed: attempt - 1, reason: `check ${attempt}/${checks} of GET ${target}: ${failure}` };
    }
  }
  return { outcome: 'succeeded', checks_passed: checks };
}

async function checkOnce(http: HttpGet, target: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const status = await http(target, timeoutMs);
    return status >= 200 && status < 300 ? undefined : `status ${status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
