import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import type { Environment } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import type { Instance, InstanceExit, InstanceOutput, ReleaseRef, ReleaseRuntime, RunSpec } from '../../use-cases';
import { ENDED_KEEP_MS, InstanceRecords, startTicksOf, type InstanceRecord } from './instance-records';
import { freePort, groupAlive, stopGroup } from './process-group';

export interface ProcessRuntimeOptions {
  /** Root of `releases/<app>/<env>/<digest-hex>` and `logs/<app>/<env>/`. */
  readonly dataDir: string;
  /** Time between SIGTERM and SIGKILL when stopping an instance, in milliseconds. */
  readonly stopGraceMs?: number;
  /**
   * Variables of the deployer's own environment that instances inherit (by default only what a
   * shell needs). Everything else, credentials included, stays out of the apps' environment.
   */
  readonly inheritEnv?: readonly string[];
}

interface Running {
  readonly instance: Instance;
  /** The instance's process group id (its shell's pid). */
  readonly pgid: number;
  /** Settles when the instance's processes are gone on their own; pending for adopted ones. */
  readonly exit: Promise<InstanceExit>;
  /** The start that started it (`startedUnder`). */
  readonly key?: string;
}

/**
 * The local platform: releases unpacked under `dataDir`, instances as local processes
 * (`sh -c <run.command>`) on free loopback ports, each in its own process group with its
 * stdout and stderr in two log files (`<id>.log`, `<id>.err.log`). Instances are written down as they start, so a deployer that
 * was killed adopts the ones still running when it starts again (`adoptSurvivors`) instead of
 * starting them twice.
 */
export class ProcessRuntime implements ReleaseRuntime {
  private readonly live = new Map<string, Running>();
  /** Keyed instances that ended (a failed start stopped them, or they were gone): `startedUnder` still reports them. */
  private readonly ended = new Map<string, InstanceRecord>();
  private readonly records: InstanceRecords;
  private started = 0;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.records = new InstanceRecords(options.dataDir);
  }

  /** Processes started since construction: the effect counter chaos tests check. */
  get processesStarted(): number {
    return this.started;
  }

  /**
   * Takes over the instances a previous deployer process started that still run (it was
   * killed; they were not). Returns them; records of instances that are gone are dropped.
   */
  adoptSurvivors(): Instance[] {
    const found = this.records.scan(Date.now());
    for (const record of found.ended) this.remember(record);
    const adopted = found.alive.filter((record) => !this.live.has(record.instance.id));
    // Not our children: their exit cannot be awaited; health checks tell whether they still serve.
    for (const { instance, pid, key } of adopted) this.live.set(instance.id, { instance, pgid: pid, exit: new Promise(() => undefined), ...(key ? { key } : {}) });
    return adopted.map((record) => record.instance);
  }

  startedUnder(key: string): Instance[] {
    return [...this.live.values(), ...this.ended.values()].filter((r) => r.key === key).map((r) => r.instance);
  }

  instances(): Instance[] {
    return [...this.live.values()].map((r) => r.instance);
  }

  releaseDir(ref: ReleaseRef): string {
    return join(this.options.dataDir, 'releases', ref.application, ref.environment, hexOf(ref.digest));
  }

  /** The instance's stdout. */
  logFile(instance: Instance): string {
    return join(this.logDir(instance.release), `${instance.id}.log`);
  }

  /** The instance's stderr. */
  errorLogFile(instance: Instance): string {
    return join(this.logDir(instance.release), `${instance.id}.err.log`);
  }

  exited(instance: Instance): Promise<InstanceExit> {
    const ended = this.ended.get(instance.id)?.ended;
    if (ended) return Promise.resolve(ended);
    return this.live.get(instance.id)?.exit ?? new Promise(() => undefined);
  }

  async output(instance: Instance, maxBytes: number): Promise<InstanceOutput> {
    const [stdout, stderr] = await Promise.all([tailOf(this.logFile(instance), maxBytes), tailOf(this.errorLogFile(instance), maxBytes)]);
    return { stdout, stderr };
  }

  async isInstalled(ref: ReleaseRef): Promise<boolean> {
    return existsSync(this.releaseDir(ref));
  }

  async install(ref: ReleaseRef, artifactPath: string): Promise<void> {
    const dir = this.releaseDir(ref);
    if (existsSync(dir)) return;
    const actual = await sha256Of(artifactPath);
    if (actual !== ref.digest) throw new PermanentError(`artifact ${artifactPath} is ${actual}, not ${ref.digest}`);
    // Unpack beside the final directory and rename: a crash never leaves a half-installed release.
    const partial = `${dir}.partial-${randomBytes(4).toString('hex')}`;
    await mkdir(partial, { recursive: true });
    try {
      await tar.x({ file: artifactPath, cwd: partial, strict: true });
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      throw new PermanentError(`cannot unpack ${artifactPath} as tar.gz: ${String(error)}`, { cause: error });
    }
    await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
      await rm(partial, { recursive: true, force: true });
      // Another install of the same digest won the race; its files are the same bytes.
      if (!existsSync(dir)) throw new TransientError(`cannot install ${ref.digest}: ${error.message}`, { cause: error });
    });
  }

  async start(ref: ReleaseRef, run: RunSpec, count: number, key?: string): Promise<Instance[]> {
    if (count === 0) return [];
    if (!(await this.isInstalled(ref))) throw new PermanentError(`${ref.digest} is not installed`);
    await mkdir(this.logDir(ref), { recursive: true });
    const instances: Instance[] = [];
    try {
      for (let n = 0; n < count; n += 1) instances.push(await this.startOne(ref, run, key));
      return instances;
    } catch (error) {
      await this.stop(instances);
      throw new TransientError(`cannot start ${ref.application}/${ref.environment} ${ref.digest}: ${String(error)}`, { cause: error });
    }
  }

  async stop(instances: readonly Instance[]): Promise<void> {
    await Promise.all(instances.map((i) => this.stopOne(i.id)));
  }

  async stopFailed(instances: readonly Instance[]): Promise<void> {
    await Promise.all(instances.map((i) => this.endOne(i.id)));
    this.forgetOld(Date.now());
  }

  /** Stops every instance this runtime started (deployer shutdown, test teardown). */
  async stopAll(): Promise<void> {
    await this.stop([...this.live.values()].map((r) => r.instance));
  }

  running(application: string, environment: Environment): Instance[] {
    return [...this.live.values()]
      .map((r) => r.instance)
      .filter((i) => i.release.application === application && i.release.environment === environment);
  }

  private async startOne(ref: ReleaseRef, run: RunSpec, key: string | undefined): Promise<Instance> {
    const port = await this.unusedPort();
    // The start time makes the id (and its log files) unique even when a port comes round again.
    const id = `${ref.application}-${ref.environment}-${hexOf(ref.digest).slice(0, 12)}-${port}-${Date.now().toString(36)}`;
    const target = `127.0.0.1:${port}`;
    const instance: Instance = { id, release: ref, run, target, baseUrl: `http://${target}` };
    const out = openSync(this.logFile(instance), 'a');
    const err = openSync(this.errorLogFile(instance), 'a');
    try {
      const child = spawn('sh', ['-c', run.command], {
        cwd: this.releaseDir(ref),
        env: { ...this.inheritedEnv(), ...run.env, [run.port_env]: String(port) },
        detached: true, // own process group: stop() signals the shell and its children together
        stdio: ['ignore', out, err],
      });
      await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
      const pgid = child.pid as number; // defined once 'spawn' fired
      this.records.write({ instance, pid: pgid, startTicks: startTicksOf(pgid), ...(key ? { key } : {}) });
      this.live.set(id, { instance, pgid, exit: exitOf(child, pgid), ...(key ? { key } : {}) });
      this.started += 1;
      return instance;
    } finally {
      closeSync(out); // the child holds its own copies of the descriptors
      closeSync(err);
    }
  }

  private async stopOne(id: string): Promise<void> {
    const running = this.live.get(id);
    if (!running) return;
    await stopGroup(running.pgid, this.options.stopGraceMs ?? 10_000);
    this.live.delete(id);
    this.records.remove(id);
  }

  /**
   * Stops a keyed instance of a failed start and writes down how it ended: its own exit when it
   * had exited, else `stopped`. Unkeyed instances are only stopped; ended ones stay as they are.
   */
  private async endOne(id: string): Promise<void> {
    const running = this.live.get(id);
    if (!running?.key) return this.stopOne(id);
    const own = await Promise.race([running.exit, Promise.resolve(undefined)]);
    if (!own) await stopGroup(running.pgid, this.options.stopGraceMs ?? 10_000);
    this.live.delete(id);
    const record: InstanceRecord = {
      instance: running.instance,
      pid: running.pgid,
      key: running.key,
      ended: own ?? { code: null, signal: null, earlier: 'stopped' },
      endedAt: Date.now(),
    };
    this.records.write(record);
    this.remember(record);
  }

  private remember(record: InstanceRecord): void {
    if (record.key && record.ended) this.ended.set(record.instance.id, record);
  }

  /** Ended instances are kept a day: long enough for any repeat of their start. */
  private forgetOld(now: number): void {
    for (const [id, ended] of this.ended) {
      if (now - (ended.endedAt ?? 0) < ENDED_KEEP_MS) continue;
      this.ended.delete(id);
      this.records.remove(id);
    }
  }

  /** A free port not already handed to one of our instances (the OS may reuse a closed one). */
  private async unusedPort(): Promise<number> {
    const taken = new Set([...this.live.values()].map((r) => r.instance.target));
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const port = await freePort();
      if (!taken.has(`127.0.0.1:${port}`)) return port;
    }
    throw new Error('no free loopback port found');
  }

  private inheritedEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of this.options.inheritEnv ?? ['PATH', 'HOME', 'LANG', 'TZ']) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    return env;
  }

  private logDir(ref: ReleaseRef): string {
    return join(this.options.dataDir, 'logs', ref.application, ref.environment);
  }
}

/**
 * Settles when the shell exits and no process of its group is left; a command that leaves a
 * daemon behind is still running, so that exit is not reported (its health checks decide).
 */
function exitOf(child: ChildProcess, pgid: number): Promise<InstanceExit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      if (!groupAlive(pgid)) resolve({ code, signal });
    });
  });
}

/** The last `maxBytes` of a file from its last whole line on; '' when it is missing. */
async function tailOf(path: string, maxBytes: number): Promise<string> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    const { size } = await file.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    return start === 0 ? text : `…\n${text.slice(text.indexOf('\n') + 1)}`;
  } catch {
    return '';
  } finally {
    await file?.close();
  }
}

function hexOf(digest: string): string {
  return digest.replace(/^sha256:/, '');
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (error) {
    throw new TransientError(`cannot read artifact ${path}: ${String(error)}`, { cause: error });
  }
  return `sha256:${hash.digest('hex')}`;
}
