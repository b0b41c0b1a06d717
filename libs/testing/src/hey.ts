import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

// Drives Debian's `hey` load generator and reads its summary, so a test or a bench can judge the
// local platform the way a client sees it (sudo apt-get install hey).

/** hey's path: JETWAY_HEY_BIN when set, else Debian's /usr/bin/hey. Read at each start. */
export function heyBin(env: NodeJS.ProcessEnv = process.env): string {
  return env['JETWAY_HEY_BIN'] || '/usr/bin/hey';
}

/** What hey's summary says about the requests it sent. */
export interface HeyReport {
  /** Every request hey counted: responses and errors. */
  readonly requests: number;
  /** Requests that did not succeed: non-2xx responses plus errors (`nonSuccess + errorCount`). */
  readonly failed: number;
  /** Responses with a status outside 2xx. */
  readonly nonSuccess: number;
  /** Requests that got no HTTP response at all (refused, reset, timed out). */
  readonly errorCount: number;
  /** Responses per HTTP status code. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Requests without a response, by hey's message. */
  readonly errors: Readonly<Record<string, number>>;
  /** Response latency percentiles in milliseconds, by percent (10, 25, 50, 75, 90, 95, 99); empty without a response. */
  readonly latencyMs: Readonly<Record<number, number>>;
  readonly requestsPerSecond: number;
  /** How long hey sent requests ("Total"), in seconds. */
  readonly totalSeconds: number;
}

/**
 * Parses hey's summary: its totals, latency distribution, status code and error distributions.
 * Throws on output without a summary (hey refused its arguments or could not start).
 */
export function parseHeyReport(output: string): HeyReport {
  if (!/^Summary:/m.test(output)) throw new Error(`not a hey summary:\n${output.slice(0, 2_000)}`);
  const statuses: Record<number, number> = {};
  const errors: Record<string, number> = {};
  const latencyMs: Record<number, number> = {};
  let section: 'status' | 'error' | 'latency' | undefined;
  for (const line of output.split('\n')) {
    if (/^Status code distribution:/.test(line)) section = 'status';
    else if (/^Error distribution:/.test(line)) section = 'error';
    else if (/^Latency distribution:/.test(line)) section = 'latency';
    else if (/^\S/.test(line)) section = undefined;
    const status = section === 'status' ? /^\s+\[(\d{3})\]\s+(\d+) responses/.exec(line) : null;
    if (status) statuses[Number(status[1])] = Number(status[2]);
    const error = section === 'error' ? /^\s+\[(\d+)\]\s+(.*)$/.exec(line) : null;
    if (error) errors[error[2] ?? ''] = Number(error[1]);
    // Some hey builds print "99%% in": one or more percent signs.
    const latency = section === 'latency' ? /^\s+(\d+)%+ in ([\d.]+) secs/.exec(line) : null;
    if (latency) latencyMs[Number(latency[1])] = Number(latency[2]) * 1_000;
  }
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const nonSuccess = Object.entries(statuses).reduce((n, [code, count]) => (Number(code) >= 200 && Number(code) < 300 ? n : n + count), 0);
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  const requestsPerSecond = Number(/^\s+Requests\/sec:\s+([\d.]+)/m.exec(output)?.[1] ?? 0);
  const totalSeconds = Number(/^\s+Total:\s+([\d.]+) secs/m.exec(output)?.[1] ?? 0);
  return { requests: responses + errorCount, failed: nonSuccess + errorCount, nonSuccess, errorCount, statuses, errors, latencyMs, requestsPerSecond, totalSeconds };
}

/**
 * A load for hey: `concurrency` workers sending `requests` in all (`-n`) or for `seconds`
 * (`-z`); `qps` caps each worker's requests per second (`-q`: steady rather than flat-out load).
 */
export type HeyLoad = {
  readonly concurrency: number;
  readonly qps?: number;
  /** Per request (`-t`); default 10. */
  readonly timeoutSeconds?: number;
} & ({ readonly requests: number } | { readonly seconds: number });

/** A running hey: `finished` resolves its report when it ends; `stop()` interrupts it first. */
export interface HeyRun {
  readonly finished: Promise<HeyReport>;
  /** SIGINT, on which hey stops and prints its summary as on Ctrl-C; resolves that report. */
  stop(): Promise<HeyReport>;
}

/** Starts hey against `url`; throws at once when hey is not installed. */
export function startHey(url: string, load: HeyLoad): HeyRun {
  const bin = heyBin();
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    throw new Error(`${bin} not found or not executable: install Debian's hey (sudo apt-get install hey) or set JETWAY_HEY_BIN`);
  }
  const bound = 'requests' in load ? ['-n', String(load.requests)] : ['-z', `${load.seconds}s`];
  const rate = load.qps !== undefined ? ['-q', String(load.qps)] : [];
  const args = [...bound, ...rate, '-c', String(load.concurrency), '-t', String(load.timeoutSeconds ?? 10), url];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const finished = new Promise<HeyReport>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', () => {
      try {
        resolve(parseHeyReport(output));
      } catch (error) {
        reject(error);
      }
    });
  });
  // A caller that only ever calls stop() must not see an unhandled rejection in between.
  finished.catch(() => undefined);
  return {
    finished,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return finished;
    },
  };
}
