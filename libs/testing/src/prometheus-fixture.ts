import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nats-fixture';
import { NatsProcess } from './nats-process';
import { waitFor } from './wait-for';

/** A real Prometheus server (Debian's `prometheus`) for one test file, scraping the targets it was given. */
export interface PrometheusFixture {
  /** `http://127.0.0.1:<port>`: the HTTP API's base. */
  readonly url: string;
  /** Resolves once every target was scraped successfully (`up == 1`). */
  scraped(): Promise<void>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** `host:port` of each target serving Prometheus text on `metricsPath`. */
  readonly targets: readonly string[];
  readonly metricsPath?: string;
  /** Scrape interval in milliseconds (default 500). */
  readonly scrapeIntervalMs?: number;
}

const CANDIDATES = ['prometheus', '/usr/bin/prometheus', '/usr/local/bin/prometheus'];

export function findPrometheus(): string | undefined {
  const fromEnv = process.env['JETWAY_PROMETHEUS_BIN'];
  for (const candidate of fromEnv ? [fromEnv, ...CANDIDATES] : CANDIDATES) {
    if (candidate.includes('/') ? existsSync(candidate) : spawnSync('which', [candidate]).status === 0) return candidate;
  }
  return undefined;
}

/**
 * Starts Prometheus on a free port with its storage in a temp directory, scraping `targets`
 * (job `target`); resolves once it is ready. Says how to get it when it is not installed.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusFixture> {
  const binary = findPrometheus();
  if (!binary) throw new Error('no prometheus for the tests: install it (Debian/Ubuntu: apt-get install prometheus; or set JETWAY_PROMETHEUS_BIN)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'jetway-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, configText(options));
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const server = new NatsProcess({ binary, args, port, label: `prometheus :${port}`, startTimeoutMs: 30_000 });
  await server.start();
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, { timeoutMs: 30_000, message: `prometheus on ${url} to be ready` });
  return {
    url,
    scraped: () => scraped(url, options.targets.length),
    stop: async () => {
      await server.halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function configText(options: PrometheusOptions): string {
  const interval = `${options.scrapeIntervalMs ?? 500}ms`;
  const targets = options.targets.map((t) => JSON.stringify(t)).join(', ');
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    'scrape_configs:',
    '  - job_name: target',
    `    metrics_path: ${JSON.stringify(options.metricsPath ?? '/metrics')}`,
    `    static_configs: [{ targets: [${targets}] }]`,
    '',
  ].join('\n');
}

async function scraped(url: string, targets: number): Promise<void> {
  await waitFor(
    async () => {
      const answer = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent('sum(up{job="target"})')}`)).json()) as {
        data?: { result?: { value?: [number, string] }[] };
      };
      return Number(answer.data?.result?.[0]?.value?.[1]) === targets;
    },
    { timeoutMs: 30_000, message: `prometheus on ${url} to scrape its ${targets} target(s)` },
  );
}
