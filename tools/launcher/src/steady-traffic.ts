/** What clients saw while the traffic ran. */
export interface TrafficReport {
  readonly requests: number;
  /** Answers outside 2xx plus requests that got no answer. */
  readonly failed: number;
  /** Answers by HTTP status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Requests that got no answer, by error message. */
  readonly errors: Readonly<Record<string, number>>;
  /** 2xx answers by the `version` their JSON body names (`?` when it names none). */
  readonly versions: Readonly<Record<string, number>>;
}

export interface SteadyTraffic {
  /** Stops sending, waits for the requests in flight and says what they got. */
  stop(): Promise<TrafficReport>;
}

export interface TrafficOptions {
  /** Concurrent clients, each sending one request at a time. */
  readonly clients: number;
  /** Requests per second per client, at most. */
  readonly perSecond: number;
  /** A request without an answer by then counts as failed (default 5,000 ms). */
  readonly timeoutMs?: number;
}

/**
 * Steady GET requests to `url` from `clients` loops, each at most `perSecond` requests per
 * second, counting every answer and every request that got none — what a user of the
 * deployed service would see while a release rolls out.
 */
export function startSteadyTraffic(url: string, options: TrafficOptions): SteadyTraffic {
  const statuses: Record<number, number> = {};
  const errors: Record<string, number> = {};
  const versions: Record<string, number> = {};
  const stopped = new AbortController();
  const gapMs = 1_000 / options.perSecond;
  const client = async () => {
    while (!stopped.signal.aborted) {
      const began = Date.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const body = await res.text();
        if (res.ok) {
          const version = versionOf(body);
          versions[version] = (versions[version] ?? 0) + 1;
        }
      } catch (error) {
        const message = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
        errors[message] = (errors[message] ?? 0) + 1;
      }
      const wait = gapMs - (Date.now() - began);
      if (wait > 0 && !stopped.signal.aborted) await new Promise<void>((resolve) => setTimeout(resolve, wait));
    }
  };
  const loops = Array.from({ length: options.clients }, client);
  return {
    async stop() {
      stopped.abort();
      await Promise.all(loops);
      const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
      const noAnswer = Object.values(errors).reduce((a, b) => a + b, 0);
      const non2xx = Object.entries(statuses).reduce((n, [code, count]) => (Number(code) >= 200 && Number(code) < 300 ? n : n + count), 0);
      return { requests: answered + noAnswer, failed: non2xx + noAnswer, statuses, errors, versions };
    },
  };
}

function versionOf(body: string): string {
  try {
    const version = (JSON.parse(body) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '?';
  } catch {
    return '?';
  }
}

/** One line for the launcher: `1,204 requests, 0 failed; answered by v1 640, v2 564`, and what failed. */
export function describeTraffic(report: TrafficReport): string {
  const versions = Object.entries(report.versions).map(([version, n]) => `${version} ${n.toLocaleString('en')}`);
  const failures = [
    ...Object.entries(report.statuses).filter(([code]) => Number(code) < 200 || Number(code) >= 300).map(([code, n]) => `${n}× HTTP ${code}`),
    ...Object.entries(report.errors).map(([message, n]) => `${n}× ${message}`),
  ];
  return [
    `${report.requests.toLocaleString('en')} requests, ${report.failed} failed`,
    versions.length ? `; answered by ${versions.join(', ')}` : '',
    failures.length ? ` (${failures.join('; ')})` : '',
  ].join('');
}
