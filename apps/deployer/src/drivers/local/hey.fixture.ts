import { spawn } from 'node:child_process';

// Test support (not exported): drives Debian's `hey` load generator (/usr/bin/hey) and reads
// its summary, so a test can judge a rollout the way a client sees it.

export const HEY_BIN = process.env['JETWAY_HEY_BIN'] ?? '/usr/bin/hey';

/** What hey's summary says about the requests it sent. */
export interface HeyReport {
  /** Responses per HTTP status code. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Requests that got no HTTP response at all (refused, reset, timed out), by hey's message. */
  readonly errors: Readonly<Record<string, number>>;
  readonly responses: number;
  readonly nonSuccess: number;
  readonly errorCount: number;
  /** Every request hey counted: responses and errors. */
  readonly requests: number;
}

/** Parses the "Status code distribution" and "Error distribution" sections of hey's summary. */
export function parseHeyReport(output: string): HeyReport {
  const statuses: Record<number, number> = {};
  const errors: Record<string, number> = {};
  let section: 'status' | 'error' | undefined;
  for (const line of output.split('\n')) {
    if (/^Status code distribution:/.test(line)) section = 'status';
    else if (/^Error distribution:/.test(line)) section = 'error';
    else if (/^\S/.test(line)) section = undefined;
    const status = section === 'status' ? /^\s+\[(\d{3})\]\s+(\d+) responses/.exec(line) : null;
    if (status) statuses[Number(status[1])] = Number(status[2]);
    const error = section === 'error' ? /^\s+\[(\d+)\]\s+(.*)$/.exec(line) : null;
    if (error) errors[error[2] ?? ''] = Number(error[1]);
  }
  if (!/Summary:/.test(output)) throw new Error(`not a hey summary:\n${output.slice(0, 2_000)}`);
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const nonSuccess = Object.entries(statuses).reduce((n, [code, count]) => (Number(code) >= 200 && Number(code) < 300 ? n : n + count), 0);
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return { statuses, errors, responses, nonSuccess, errorCount, requests: responses + errorCount };
}

/** A running hey: `finished` resolves its report when it ends; `stop()` interrupts it first. */
export interface HeyRun {
  readonly finished: Promise<HeyReport>;
  stop(): Promise<HeyReport>;
}

/**
 * Starts `hey -n <requests> -c <concurrency> <url>` (or `-z <seconds>s` instead of `-n`).
 * `stop()` interrupts it with SIGINT, on which hey prints its summary as on Ctrl-C.
 */
export function startHey(url: string, options: { concurrency: number } & ({ requests: number } | { seconds: number })): HeyRun {
  const bound = 'requests' in options ? ['-n', String(options.requests)] : ['-z', `${options.seconds}s`];
  const child = spawn(HEY_BIN, [...bound, '-c', String(options.concurrency), '-t', '10', url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const finished = new Promise<HeyReport>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${HEY_BIN} not found: install Debian's hey (sudo apt-get install hey)`) : error),
    );
    child.once('close', () => {
      try {
        resolve(parseHeyReport(output));
      } catch (error) {
        reject(error);
      }
    });
  });
  return {
    finished,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return finished;
    },
  };
}
