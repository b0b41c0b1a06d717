import type { Environment } from '@jetway/contracts';
import type { RouterStats } from '../router';
import type { AnalysisProvider, MetricsWindow } from '../../use-cases/analysis.port';

/**
 * Measures a release with the router's own per-release stats (`RouterStats`: it sees every
 * request, labelled by the release of the backend that answered): requests, 5xx errors (the
 * router's own 502/504 included), nearest-rank p99 and up to 1,000 latencies for a baseline
 * comparison, over exactly the window asked (half-open, so back-to-back windows count each
 * request once). A release that served nothing is a window of 0 requests (inconclusive below
 * `min_requests`); a router that does not answer rejects (an analysis `error`).
 */
export class RouterAnalysisProvider implements AnalysisProvider {
  readonly name = 'router' as const;

  constructor(private readonly router: RouterStats) {}

  async measure(query: { application: string; environment: Environment; release: string; sinceMs: number; untilMs: number }): Promise<MetricsWindow> {
    const answer = await this.router.stats(query);
    const window = answer.releases.find((r) => r.release === query.release);
    if (!window) return { requests: 0, errors: 0, latencies_ms: [] };
    const { requests, errors, latency_p99_ms, latencies_ms } = window;
    return { requests, errors, latencies_ms, ...(latency_p99_ms !== undefined && { latency_p99_ms }) };
  }
}
