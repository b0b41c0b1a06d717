import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError } from '@jetway/messaging';
import type { ReleaseRef, RunSpec } from '../../use-cases';
import { packHelloService } from './artifact.fixture';
import { httpGetStatus } from './http-get.driver';
import { groupAlive } from './process-group';
import { ProcessRuntime } from './process-runtime.driver';
import { waitFor } from '@jetway/testing';

const RUN: RunSpec = { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: 'spec-1' } };

/** Waits for a probe that resolves to a value (errors count as "not yet"). */
const eventually = <T>(probe: () => Promise<T | undefined>) => waitFor(() => probe(), { timeoutMs: 10_000 });
const idsOf = (instances: readonly { id: string }[]) => instances.map((i) => i.id).sort();

describe('ProcessRuntime', () => {
  let dir: string;
  let runtime: ProcessRuntime;
  let artifact: string;
  let ref: ReleaseRef;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-runtime-'));
    artifact = join(dir, 'hello.tar.gz');
    ref = { application: 'hello', environment: 'staging', digest: await packHelloService(artifact) };
  });
  beforeEach(() => {
    runtime = new ProcessRuntime({ dataDir: join(dir, 'data'), stopGraceMs: 2_000 });
  });
  afterEach(() => runtime.stopAll());
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('installs into releases/<app>/<env>/<hex>, once', async () => {
    await runtime.install(ref, artifact);
    const releaseDir = join(dir, 'data', 'releases', 'hello', 'staging', ref.digest.slice(7));
    expect(runtime.releaseDir(ref)).toBe(releaseDir);
    expect(existsSync(join(releaseDir, 'server.js'))).toBe(true);
    await runtime.install(ref, '/nonexistent.tar.gz'); // installed already: the artifact is not read again
    expect(await runtime.isInstalled(ref)).toBe(true);
  });

  it('refuses an artifact whose bytes do not match the digest, permanently', async () => {
    const wrong = { ...ref, environment: 'production' as const, digest: `sha256:${'0'.repeat(64)}` };
    await expect(runtime.install(wrong, artifact)).rejects.toThrow(PermanentError);
    expect(await runtime.isInstalled(wrong)).toBe(false);
  });

  it('refuses a file that is not a tar.gz, permanently, leaving nothing behind', async () => {
    const junk = join(dir, 'junk.tar.gz');
    await writeFile(junk, 'not a tarball');
    const { createHash } = await import('node:crypto');
    const junkRef = { ...ref, environment: 'development' as const, digest: `sha256:${createHash('sha256').update('not a tarball').digest('hex')}` };
    await expect(runtime.install(junkRef, junk)).rejects.toThrow(/cannot unpack/);
    expect(await runtime.isInstalled(junkRef)).toBe(false);
  });

  it('starts N instances on distinct ports with run.env and the port variable, logging to a file', async () => {
    await runtime.install(ref, artifact);
    const instances = await runtime.start(ref, RUN, 2);
    expect(new Set(instances.map((i) => i.target)).size).toBe(2);
    expect(runtime.processesStarted).toBe(2);
    expect(runtime.running('hello', 'staging')).toEqual(instances);
    for (const instance of instances) {
      const body = await eventually(async () => {
        const res = await fetch(`${instance.baseUrl}/`, { headers: { connection: 'close' } });
        return (await res.json()) as { version: string; instance: number };
      });
      expect(body).toEqual({ service: 'hello-service', version: 'spec-1', instance: Number(instance.target.split(':')[1]) });
    }
    const first = instances[0]!;
    expect(await eventually(async () => ((await readFile(runtime.logFile(first), 'utf8')).includes('listening') ? true : undefined))).toBe(true);
  });

  it('stops instances with SIGTERM: the whole process group is gone and the port closed', async () => {
    await runtime.install(ref, artifact);
    const [instance] = await runtime.start(ref, RUN, 1);
    await eventually(async () => ((await httpGetStatus(`${instance!.baseUrl}/health`, 1_000)) === 200 ? true : undefined));
    await runtime.stop([instance!]);
    expect(runtime.running('hello', 'staging')).toEqual([]);
    await expect(httpGetStatus(`${instance!.baseUrl}/health`, 1_000)).rejects.toThrow(/ECONNREFUSED/);
    await runtime.stop([instance!]); // stopping twice is a no-op
  });

  it('kills a group that ignores SIGTERM after the grace period', async () => {
    runtime = new ProcessRuntime({ dataDir: join(dir, 'data'), stopGraceMs: 200 });
    await runtime.install(ref, artifact);
    // `$$` is the shell's pid, which is also the group id; it prints once the trap is in place.
    const stubborn: RunSpec = { command: "trap '' TERM; echo \"ready $$\"; sleep 30", port_env: 'PORT', env: {} };
    const [instance] = await runtime.start(ref, stubborn, 1);
    const pgid = await eventually(async () => {
      const match = /ready (\d+)/.exec(await readFile(runtime.logFile(instance!), 'utf8'));
      return match ? Number(match[1]) : undefined;
    });
    expect(groupAlive(pgid)).toBe(true);
    const started = Date.now();
    await runtime.stop([instance!]);
    expect(groupAlive(pgid)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('tells when an instance exits on its own, with its code, and keeps stdout and stderr apart', async () => {
    await runtime.install(ref, artifact);
    const crashing: RunSpec = { command: 'echo starting; echo "KeyError: $HTTP_PORT" >&2; exit 3', port_env: 'PORT', env: {} };
    const [instance] = await runtime.start(ref, crashing, 1);
    expect(await runtime.exited(instance!)).toEqual({ code: 3, signal: null });
    expect(await runtime.output(instance!, 1_024)).toEqual({ stdout: 'starting\n', stderr: 'KeyError: \n' });
    expect(await readFile(runtime.errorLogFile(instance!), 'utf8')).toBe('KeyError: \n');
  });

  it('reads only the end of a long output, from a whole line on', async () => {
    await runtime.install(ref, artifact);
    const chatty: RunSpec = { command: 'for i in $(seq 1 500); do echo "line $i" >&2; done; exit 1', port_env: 'PORT', env: {} };
    const [instance] = await runtime.start(ref, chatty, 1);
    await runtime.exited(instance!);
    const { stderr } = await runtime.output(instance!, 100);
    expect(stderr.startsWith('…\nline ')).toBe(true);
    expect(stderr.endsWith('line 500\n')).toBe(true);
    expect(stderr.length).toBeLessThanOrEqual(102);
  });

  it('does not report a running instance as exited', async () => {
    await runtime.install(ref, artifact);
    const [instance] = await runtime.start(ref, RUN, 1);
    await eventually(async () => ((await httpGetStatus(`${instance!.baseUrl}/health`, 1_000)) === 200 ? true : undefined));
    const exitedYet = await Promise.race([runtime.exited(instance!).then(() => true), httpGetStatus(`${instance!.baseUrl}/health`, 1_000).then(() => false)]);
    expect(exitedYet).toBe(false);
  });

  it('refuses to start a release that is not installed', async () => {
    const other = { ...ref, digest: `sha256:${'1'.repeat(64)}` };
    await expect(runtime.start(other, RUN, 1)).rejects.toThrow(/not installed/);
    expect(runtime.processesStarted).toBe(0);
  });

  it('adopts the instances a killed deployer left running, and forgets the ones that died', async () => {
    await runtime.install(ref, artifact);
    const [kept, died] = await runtime.start(ref, RUN, 2);
    await eventually(async () => ((await httpGetStatus(`${kept?.baseUrl}/health`, 1_000)) === 200 ? true : undefined));
    const diedGroup = await groupOf(died?.id);
    process.kill(-diedGroup, 'SIGKILL');
    await eventually(async () => (groupAlive(diedGroup) ? undefined : true));

    // The deployer process "dies" here: a new runtime on the same data dir takes over.
    const next = new ProcessRuntime({ dataDir: join(dir, 'data'), stopGraceMs: 2_000 });
    const adopted = next.adoptSurvivors();

    expect(adopted).toEqual([kept]);
    expect(next.running('hello', 'staging')).toEqual([kept]);
    expect(next.processesStarted).toBe(0);
    expect(next.adoptSurvivors()).toEqual([]); // adopting twice adds nothing
    await next.stop(adopted);
    await expect(httpGetStatus(`${kept?.baseUrl}/health`, 1_000)).rejects.toThrow(/ECONNREFUSED/);
    expect(new ProcessRuntime({ dataDir: join(dir, 'data') }).adoptSurvivors()).toEqual([]);
  });

  describe('a start named by a key', () => {
    const dataDir = () => join(dir, 'data-keyed');
    beforeEach(async () => {
      runtime = new ProcessRuntime({ dataDir: dataDir(), stopGraceMs: 2_000 });
      await runtime.install(ref, artifact);
    });

    it('remembers the instances of a failed start as ended, also after the deployer restarts', async () => {
      const instances = await runtime.start(ref, RUN, 2, 'run-1/deploy/1/batching/0');
      await runtime.start(ref, RUN, 1, 'another-start');
      await runtime.stopFailed(instances);
      expect(runtime.running('hello', 'staging').map((i) => i.id)).not.toContain(instances[0]?.id);
      expect(idsOf(runtime.startedUnder('run-1/deploy/1/batching/0'))).toEqual(idsOf(instances));
      expect(await runtime.exited(instances[0]!)).toEqual({ code: null, signal: null, earlier: 'stopped' });

      const next = new ProcessRuntime({ dataDir: dataDir(), stopGraceMs: 2_000 });
      expect(next.adoptSurvivors()).toHaveLength(1); // 'another-start', still running
      expect(idsOf(next.startedUnder('run-1/deploy/1/batching/0'))).toEqual(idsOf(instances));
      await next.stop(instances); // ended already: stopping keeps the memory
      expect(idsOf(next.startedUnder('run-1/deploy/1/batching/0'))).toEqual(idsOf(instances));
      expect(await next.exited(instances[1]!)).toEqual({ code: null, signal: null, earlier: 'stopped' });
      await next.stopAll();
      expect(next.startedUnder('another-start')).toEqual([]); // a plain stop forgets
    });

    it('keeps the exit of an instance that crashed before its failed start was stopped', async () => {
      const crashing: RunSpec = { command: 'exit 3', port_env: 'PORT', env: {} };
      const [instance] = await runtime.start(ref, crashing, 1, 'crash-start');
      await runtime.exited(instance!);
      await runtime.stopFailed([instance!]);
      const next = new ProcessRuntime({ dataDir: dataDir() });
      next.adoptSurvivors();
      expect(next.startedUnder('crash-start')).toEqual([instance]);
      expect(await next.exited(instance!)).toEqual({ code: 3, signal: null });
    });

    it('reports a keyed instance that died while the deployer was down as ended, unseen', async () => {
      const [instance] = await runtime.start(ref, RUN, 1, 'unseen-start');
      const group = await groupOf(instance?.id, dataDir());
      process.kill(-group, 'SIGKILL');
      await eventually(async () => (groupAlive(group) ? undefined : true));

      const next = new ProcessRuntime({ dataDir: dataDir() });
      expect(next.adoptSurvivors().map((i) => i.id)).not.toContain(instance?.id);
      expect(next.startedUnder('unseen-start')).toEqual([instance]);
      expect(await next.exited(instance!)).toEqual({ code: null, signal: null, earlier: 'unseen' });
      expect(next.running('hello', 'staging').map((i) => i.id)).not.toContain(instance?.id);
    });
  });

  /** The process group of an instance, as its record under `<dataDir>/instances/` names it. */
  async function groupOf(id: string | undefined, dataDir = join(dir, 'data')): Promise<number> {
    return (JSON.parse(await readFile(join(dataDir, 'instances', `${id}.json`), 'utf8')) as { pid: number }).pid;
  }
});
