import { EventRing } from './event-ring';

/** One request as the router answered it, labelled by the release of the backend that served it. */
export interface Observation {
  readonly application: string;
  readonly environment: string;
  /** The backend's release label; `none` when there was no backend (503). */
  readonly release: string;
  /** The status the client got: the backend's, or the router's own 502/504/503; 499 when the client left first. */
  readonly code: number;
  readonly latencyMs: number;
  /** When it ended, epoch milliseconds. */
  readonly atMs: number;
}

/** What one release served in a window (`GET /_jetway/stats`). */
export interface ReleaseWindow {
  readonly release: string;
  readonly requests: number;
  /** 5xx answers, the router's own 502/504 for a failed forward included. */
  readonly errors: number;
  /** Nearest-rank percentiles over the window's requests; absent without requests. */
  readonly latency_p50_ms?: number;
  readonly latency_p99_ms?: number;
  /** Up to 1,000 latencies of the window, evenly spread over it in time order (for a Mann-Whitney U test). */
  readonly latencies_ms: number[];
  /** False when the window is older than the last 131,072 requests of this release the router keeps: the numbers cover only those. */
  readonly complete: boolean;
}

export interface StatsQuery {
  readonly application: string;
  readonly environment: string;
  /** Only this release (a zero window when it served nothing); every release seen otherwise. */
  readonly release?: string;
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** Upper bounds (seconds) of the latency histogram on /metrics. */
export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SAMPLE_LIMIT = 1_000;
/** A series no route names any more is forgotten this long after its last request. */
const RETENTION_MS = 60 * 60 * 1_000;

class Series {
  readonly codes = new Map<number, number>();
  readonly buckets = LATENCY_BUCKETS_S.map(() => 0);
  sumSeconds = 0;
  count = 0;
  retries = 0;
  readonly ring: EventRing;

  constructor(
    readonly application: string,
    readonly environment: string,
    readonly release: string,
    ringCapacity: number | undefined,
  ) {
    this.ring = new EventRing(ringCapacity);
  }
}

/**
 * Per-release request metrics of the router: Prometheus counters and a latency histogram for
 * /metrics, and the recent requests themselves for windowed answers (exact counts and
 * percentiles over any window the ring still covers).
 */
export class ReleaseMetrics {
  private readonly series = new Map<string, Series>();

  constructor(private readonly ringCapacity?: number) {}

  observe(o: Observation): void {
    const series = this.seriesOf(o.application, o.environment, o.release);
    series.codes.set(o.code, (series.codes.get(o.code) ?? 0) + 1);
    const seconds = o.latencyMs / 1_000;
    LATENCY_BUCKETS_S.forEach((le, i) => {
      if (seconds <= le) series.buckets[i] = (series.buckets[i] ?? 0) + 1;
    });
    series.sumSeconds += seconds;
    series.count += 1;
    series.ring.push(o.atMs, o.latencyMs, o.code >= 500);
  }

  /** A forward to a backend of this release was refused or reset and went to another backend. */
  retried(application: string, environment: string, release: string): void {
    this.seriesOf(application, environment, release).retries += 1;
  }

  stats(query: StatsQuery): ReleaseWindow[] {
    const releases = query.release !== undefined ? [query.release] : this.releasesOf(query.application, query.environment);
    return releases.map((release) => {
      const series = this.series.get(keyOf(query.application, query.environment, release));
      if (!series) return { release, requests: 0, errors: 0, latencies_ms: [], complete: true };
      return windowOf(release, series.ring.window(query.sinceMs, query.untilMs));
    });
  }

  /** The Prometheus text exposition (0.0.4) of every series. */
  render(): string {
    const lines = [
      '# HELP jetway_router_requests_total Requests the router answered, by the release that served them and the status the client got.',
      '# TYPE jetway_router_requests_total counter',
    ];
    const all = [...this.series.values()];
    for (const s of all) for (const [code, n] of s.codes) lines.push(`jetway_router_requests_total{${labels(s)},code="${code}"} ${n}`);
    lines.push('# HELP jetway_router_request_duration_seconds Time from a request\'s arrival at the router to its answer.');
    lines.push('# TYPE jetway_router_request_duration_seconds histogram');
    for (const s of all) {
      LATENCY_BUCKETS_S.forEach((le, i) => lines.push(`jetway_router_request_duration_seconds_bucket{${labels(s)},le="${le}"} ${s.buckets[i] ?? 0}`));
      lines.push(`jetway_router_request_duration_seconds_bucket{${labels(s)},le="+Inf"} ${s.count}`);
      lines.push(`jetway_router_request_duration_seconds_sum{${labels(s)}} ${s.sumSeconds}`);
      lines.push(`jetway_router_request_duration_seconds_count{${labels(s)}} ${s.count}`);
    }
    lines.push('# HELP jetway_router_retries_total Forwards refused or reset by a backend of this release and sent to another backend.');
    lines.push('# TYPE jetway_router_retries_total counter');
    for (const s of all) lines.push(`jetway_router_retries_total{${labels(s)}} ${s.retries}`);
    return `${lines.join('\n')}\n`;
  }

  /** Forgets series of releases no route names whose last request is older than an hour. */
  prune(nowMs: number, routed: ReadonlySet<string>): void {
    for (const [key, s] of this.series) {
      if (!routed.has(s.release) && (s.ring.newest() ?? 0) < nowMs - RETENTION_MS) this.series.delete(key);
    }
  }

  private releasesOf(application: string, environment: string): string[] {
    return [...this.series.values()].filter((s) => s.application === application && s.environment === environment).map((s) => s.release);
  }

  private seriesOf(application: string, environment: string, release: string): Series {
    const key = keyOf(application, environment, release);
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = new Series(application, environment, release, this.ringCapacity)));
    return series;
  }
}

function windowOf(release: string, window: { latencies: number[]; errors: number; complete: boolean }): ReleaseWindow {
  const { latencies, errors, complete } = window;
  const requests = latencies.length;
  const sample = spread(latencies, SAMPLE_LIMIT).map(round);
  if (requests === 0) return { release, requests, errors, latencies_ms: sample, complete };
  const sorted = Float64Array.from(latencies).sort();
  const rank = (p: number) => round(sorted[Math.max(0, Math.ceil(p * requests) - 1)] ?? 0);
  return { release, requests, errors, latency_p50_ms: rank(0.5), latency_p99_ms: rank(0.99), latencies_ms: sample, complete };
}

/** At most `limit` values, evenly spaced over `values` (all of them when they fit). */
function spread(values: readonly number[], limit: number): number[] {
  if (values.length <= limit) return [...values];
  return Array.from({ length: limit }, (_, i) => values[Math.floor((i * values.length) / limit)] ?? 0);
}

const round = (ms: number) => Math.round(ms * 1_000) / 1_000;
const keyOf = (application: string, environment: string, release: string) => `${application}\u0000${environment}\u0000${release}`;
const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (s: Series) => `app="${escape(s.application)}",env="${escape(s.environment)}",release="${escape(s.release)}"`;
