import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessRouter, stopRouter, type ProcessRouterOptions } from '@jetway/deployer';
import { precompile } from '@jetway/launcher';
import { freePort, startHey, waitFor, type HeyReport } from '@jetway/testing';
import { measureRollouts } from './rollout-rows';
import type { PlannedRollout } from './rollouts';
import type { BenchContext, BenchInstance, Load, Scenario } from './scenarios';
import type { Row } from './table';

export interface BenchOptions {
  readonly root: string;
  readonly load: Load;
  /** A short run of the same load before each measured one (JIT, connections). */
  readonly warmupSeconds: number;
  readonly scenarios: readonly Scenario[];
  /** The real strategies to run through the deployer after the router rows (see `planRollouts`). */
  readonly rollouts: readonly PlannedRollout[];
  /** Also measure a minimal Node.js reverse proxy (what any proxy hop in Node costs on this machine). */
  readonly reference: boolean;
  /** Ctrl-C: stop at the next chance, after stopping what the bench started. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

type RouterCommand = NonNullable<ProcessRouterOptions['command']>;

/**
 * Measures the router: the same hey load straight to one hello-service instance, then through
 * the router process (compiled with SWC, as `npm start` runs it) per scenario, then per real
 * strategy run by the deployer service (`measureRollouts`). Everything it starts lives in a
 * temporary directory and is stopped at the end, on an error too.
 */
export async function runRolloutBench(options: BenchOptions): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-rollout-bench-'));
  try {
    const compiled = join(dir, 'js');
    await precompile(options.root, compiled);
    const command = { args: [join(compiled, 'apps', 'deployer', 'src', 'router', 'main.js')], cwd: options.root, env: { NODE_PATH: join(options.root, 'node_modules') } };
    const rows = await routerRows(options, join(dir, 'deployer'), command);
    options.signal.throwIfAborted();
    rows.push(...(await measureRollouts({ ...options, plan: options.rollouts, router: command })));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The direct row, the reference row and a row per router scenario, on a router process of the bench's own. */
async function routerRows(options: BenchOptions, dataDir: string, command: RouterCommand): Promise<Row[]> {
  const instances: ChildProcess[] = [];
  let onExit: (() => void) | undefined;
  try {
    const router = await ProcessRouter.start({ dataDir, port: 0, command });
    // A second Ctrl-C (main exits at once): the router is detached, so it would outlive the bench.
    onExit = () => {
      for (const pid of [router.pid, ...instances.map((child) => child.pid ?? 0)]) signal(pid);
    };
    process.once('exit', onExit);
    const start = (version: string) => startInstance(options.root, version, instances);
    const baseline = await start('v1');
    const ctx: BenchContext = { router, application: 'bench', environment: 'staging', baseline, startInstance: start };
    options.log(`router pid ${router.pid} on :${router.port}; instance ${baseline.target}; ${options.load.seconds} s per row`);

    const rows: Row[] = [];
    const direct = `http://${baseline.target}/`;
    await warmUp(direct, options);
    rows.push({ scenario: 'direct to an instance', kind: 'direct', summary: await runHey(direct, options.load) });
    options.log(`  direct to an instance: done`);
    if (options.reference) rows.push(await referenceRow(baseline, options, instances));
    for (const scenario of options.scenarios) {
      options.signal.throwIfAborted();
      await router.setRoute(ctx.application, ctx.environment, { stable: [{ target: baseline.target, release: baseline.version }] });
      const url = `${router.urlFor(ctx.application, ctx.environment)}/`;
      await warmUp(url, options);
      rows.push({ scenario: scenario.name, kind: 'router', summary: await underLoad(url, scenario, ctx, options.load) });
      options.log(`  ${scenario.name}: done`);
    }
    return rows;
  } finally {
    if (onExit) process.removeListener('exit', onExit);
    await stopRouter(dataDir, 5_000).catch(() => undefined);
    for (const child of instances) if (child.exitCode === null) child.kill('SIGTERM');
  }
}

/** hey's load through the router while the scenario runs; the scenario's failure fails the bench. */
async function underLoad(url: string, scenario: Scenario, ctx: BenchContext, load: Load) {
  const ended = new AbortController();
  const hey = runHey(url, load).finally(() => ended.abort());
  const during = scenario.during?.(ctx, ended.signal) ?? Promise.resolve();
  const [summary] = await Promise.all([hey, during]);
  return summary;
}

async function warmUp(url: string, options: BenchOptions): Promise<void> {
  if (options.warmupSeconds > 0) await runHey(url, { ...options.load, seconds: options.warmupSeconds });
}

/**
 * The floor of a proxy hop in Node.js: 8 lines, one kept-alive agent, no routing, no metrics. The
 * router's rows next to it show what its own code adds beyond the hop itself.
 */
const MINIMAL_PROXY = `const http = require('node:http');
const [port, target] = process.argv.slice(1).map(Number);
const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
http.createServer((req, res) => {
  const up = http.request({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers, agent });
  up.on('response', (a) => (res.writeHead(a.statusCode, a.headers), a.pipe(res)));
  up.on('error', () => (res.writeHead(502), res.end()));
  req.pipe(up);
}).listen(port, '127.0.0.1');`;

async function referenceRow(baseline: BenchInstance, options: BenchOptions, children: ChildProcess[]): Promise<Row> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', MINIMAL_PROXY, String(port), baseline.target.split(':')[1] ?? ''], { stdio: 'ignore' });
  children.push(child);
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(async () => (await fetch(`${url}health`).catch(() => undefined))?.status === 200, { timeoutMs: 10_000, message: 'the minimal proxy' });
  await warmUp(url, options);
  const summary = await runHey(url, options.load);
  child.kill('SIGTERM');
  options.log('  minimal Node.js proxy: done');
  return { scenario: 'minimal Node.js proxy (reference)', kind: 'reference', summary };
}

/** `node examples/hello-service/server.js` on a free port, answering /health. */
async function startInstance(root: string, version: string, children: ChildProcess[]): Promise<BenchInstance> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'examples', 'hello-service', 'server.js')], {
    env: { PATH: process.env['PATH'], PORT: String(port), APP_VERSION: version },
    stdio: 'ignore',
  });
  children.push(child);
  const target = `127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`http://${target}/health`).catch(() => undefined))?.status === 200, {
    timeoutMs: 10_000,
    message: `hello-service ${version} on ${target}`,
  });
  return { target, version };
}

/** hey with the bench's load, to its end. */
function runHey(url: string, load: Load): Promise<HeyReport> {
  return startHey(url, load).finished;
}

function signal(pid: number): void {
  try {
    if (pid > 0) process.kill(pid, 'SIGTERM');
  } catch {
    // gone already
  }
}
