import type { Environment } from '@jetway/contracts';
import type { ReleaseWindow } from '../../router/release-metrics';

/**
 * Per-release request metrics of the router, over a window — what the router analysis provider
 * reads. The router measures every request it answers, labelled by the release of the backend
 * that served it, from its arrival at the router to its answer:
 *
 * - `requests`: requests answered (a request the router retried on another backend of the same
 *   set counts once, for the release that answered it; a client that left first is not counted
 *   in `errors`);
 * - `errors`: those answered 5xx — the backend's, or the router's own 502 (forward failed) and
 *   504 (no answer within the upstream bound);
 * - `latency_p50_ms`, `latency_p99_ms`: nearest-rank percentiles, absent without requests;
 * - `latencies_ms`: up to 1,000 latencies spread evenly over the window (for a Mann-Whitney U);
 * - `complete`: false when the window reaches back past the last 131,072 requests the router
 *   keeps for that release (the numbers then cover only those).
 *
 * Windows are half-open, `sinceMs ≤ t < untilMs` on the router's wall clock (t: when the answer
 * ended), so back-to-back windows count each request once. The same answer is on the router's
 * HTTP port: `GET /_jetway/stats?app=<app>&env=<env>[&release=<label>][&since=<epoch ms>][&until=<epoch ms>]`
 * (default: the last minute), and on the control socket as `GET /v1/stats?…`.
 * Prometheus counters and a histogram are on `GET /metrics`:
 * `jetway_router_requests_total{app,env,release,code}`,
 * `jetway_router_request_duration_seconds{app,env,release}` and
 * `jetway_router_retries_total{app,env,release}`; requests that found no backend count under
 * `release="none"`, code 503.
 */
export interface RouterStats {
  stats(query: RouterStatsQuery): Promise<RouterStatsAnswer>;
}

export interface RouterStatsQuery {
  readonly application: string;
  readonly environment: Environment;
  /** One release label (a zero window when it served nothing in it); every release seen otherwise. */
  readonly release?: string;
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** `{ application, environment, since_ms, until_ms, releases: [{ release, requests, errors, latency_p50_ms?, latency_p99_ms?, latencies_ms, complete }] }` */
export interface RouterStatsAnswer {
  readonly application: string;
  readonly environment: string;
  readonly since_ms: number;
  readonly until_ms: number;
  readonly releases: readonly RouterReleaseWindow[];
}

export type RouterReleaseWindow = ReleaseWindow;
