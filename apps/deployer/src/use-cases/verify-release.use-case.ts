import { isLabelOf } from '../strategies/release-label';
import type { HttpAnswer, HttpGetAnswer } from './http-get.port';
import { RELEASE_HEADER } from './weighted-router.port';

export type VerifyResult =
  | { readonly outcome: 'succeeded'; readonly checks_passed: number }
  | { readonly outcome: 'failed'; readonly checks_passed: number; readonly reason: string };

/** What to verify: `checks` GETs of `url + healthPath`, each answered by a release of `digest`. */
export interface VerifyTarget {
  readonly url: string;
  readonly healthPath: string;
  readonly checks: number;
  readonly digest: string;
}

export interface VerifyOptions {
  /** Bound on each GET, in milliseconds. */
  readonly timeoutMs?: number;
}

/**
 * Verifies a release the way its users reach it: `checks` sequential GETs of
 * `url + healthPath` through the stable URL; every one must answer 2xx, and say (the router's
 * RELEASE_HEADER) that the release of `digest` answered it. A healthy answer from another
 * release — a later deploy of the application that replaced this one meanwhile — verifies
 * nothing about this digest, and its `verified` attestation would let it reach the next
 * environment unvalidated. Stops at the first failure, whose reason names the URL, the attempt
 * and what was wrong.
 */
export async function verifyRelease(target: VerifyTarget, http: HttpGetAnswer, options: VerifyOptions = {}): Promise<VerifyResult> {
  const url = `${target.url.replace(/\/+$/, '')}${target.healthPath}`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  for (let attempt = 1; attempt <= target.checks; attempt += 1) {
    const failure = await checkOnce(http, url, timeoutMs, target.digest);
    if (failure) {
      return { outcome: 'failed', checks_passed: attempt - 1, reason: `check ${attempt}/${target.checks} of GET ${url}: ${failure}` };
    }
  }
  return { outcome: 'succeeded', checks_passed: target.checks };
}

async function checkOnce(http: HttpGetAnswer, url: string, timeoutMs: number, digest: string): Promise<string | undefined> {
  let answer: HttpAnswer;
  try {
    answer = await http(url, timeoutMs);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (answer.status < 200 || answer.status >= 300) return `status ${answer.status}`;
  if (answer.release === undefined) {
    return `the answer does not say which release gave it (no ${RELEASE_HEADER} header), so it cannot show that ${digest} answered: verify goes through Jetway's router, which names the release of every answer it forwards`;
  }
  if (!isLabelOf(answer.release, digest)) {
    return `release ${answer.release} answered, not ${digest}: another deploy to this environment replaced it after this run deployed it, and only the release that serves can be verified; deploy ${digest} again (a new run) to verify it`;
  }
  return undefined;
}
