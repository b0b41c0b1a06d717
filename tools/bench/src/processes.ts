import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { freePort, waitFor } from '@jetway/testing';
import { stopChild } from '@jetway/launcher';

/** Peak (VmHWM) and current (VmRSS) resident set of a live process, in bytes; undefined once it is gone. */
export function readRss(pid: number): { peakBytes: number; currentBytes: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { peakBytes: kb('VmHWM'), currentBytes: kb('VmRSS') };
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU time (user + system) a live process has used, in milliseconds, with what its programs
 * used (see cpuUse) unless `liveChildrenToo` is false, which leaves out the children still
 * running. Undefined once it is gone.
 */
export function cpuMs(pid: number, liveChildrenToo = true): number | undefined {
  const ticks = statTicks(pid);
  if (!ticks) return undefined;
  return ticks.own + ticks.waited + (liveChildrenToo ? liveChildrenCpuMs(pid) : 0);
}

/** A process's CPU in milliseconds: its total, and the part of it its programs used. */
type ProcessCpu = { totalMs: number; programsMs: number };
const NO_CPU: ProcessCpu = { totalMs: 0, programsMs: 0 };

/**
 * CPU time of a live process, read once: `totalMs` as cpuMs gives it, and `programsMs`, the part
 * the programs it ran have used — the children it has waited for (cutime + cstime: promtool,
 * amtool…) and, counted the same way, those still running. Undefined once it is gone.
 */
export function cpuUse(pid: number): ProcessCpu | undefined {
  const ticks = statTicks(pid);
  if (!ticks) return undefined;
  const programsMs = ticks.waited + liveChildrenCpuMs(pid);
  return { totalMs: ticks.own + programsMs, programsMs };
}

function liveChildrenCpuMs(pid: number): number {
  return liveChildren(pid).reduce((sum, child) => sum + (cpuMs(child) ?? 0), 0);
}

/** A process's own CPU (utime + stime) and its waited-for children's (cutime + cstime), in milliseconds. */
function statTicks(pid: number): { own: number; waited: number } | undefined {
  try {
    // Fields after the command name (which may hold spaces): state is 3rd, utime 14th, stime 15th, cutime 16th, cstime 17th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (i: number) => (Number(fields[i]) * 1000) / TICKS_PER_SECOND;
    return { own: ms(11) + ms(12), waited: ms(13) + ms(14) };
  } catch {
    return undefined;
  }
}

function liveChildren(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The pid of a running process whose command line contains `needle` (e.g. a nats-server's store dir). */
export function pidByCommandLine(needle: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(needle)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Busy CPU time of the whole machine so far (all cores, every process), in milliseconds. */
export function machineBusyMs(): number {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const busy = ticks.reduce((sum, value, i) => (i === 3 || i === 4 || i > 7 ? sum : sum + (value || 0)), 0);
  return (busy * 1000) / TICKS_PER_SECOND;
}

/** CPU used by named processes between `start()` and `stop()`. */
export class CpuMeter {
  private readonly before = new Map<string, ProcessCpu>();
  private machineBefore = 0;
  private benchBefore = 0;
  /** CPU the rest of the machine (other users' processes) used meanwhile, set by stop(). */
  others = 0;
  /** The part of each process's CPU its programs used (cpuUse's programsMs), set by stop(); processes that ran none are left out. */
  programs: Record<string, number> = {};

  constructor(private readonly pids: Readonly<Record<string, number | undefined>>) {}

  start(): this {
    for (const [name, pid] of Object.entries(this.pids)) {
      if (!pid) continue;
      this.before.set(name, cpuUse(pid) ?? NO_CPU);
    }
    this.machineBefore = machineBusyMs();
    // The bench's own children are the processes measured: not counted twice.
    this.benchBefore = cpuMs(process.pid, false) ?? 0;
    return this;
  }

  /** Milliseconds of CPU per process since start(), its programs' included. */
  stop(): Record<string, number> {
    const used: Record<string, number> = {};
    this.programs = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      if (!pid) continue;
      const [now, before] = [cpuUse(pid) ?? NO_CPU, this.before.get(name) ?? NO_CPU];
      used[name] = now.totalMs - before.totalMs;
      const programs = now.programsMs - before.programsMs;
      if (programs > 0) this.programs[name] = programs;
    }
    const ours = Object.values(used).reduce((sum, ms) => sum + ms, 0) + (cpuMs(process.pid, false) ?? 0) - this.benchBefore;
    this.others = Math.max(0, machineBusyMs() - this.machineBefore - ours);
    return used;
  }
}

export { stopChild };

const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

function findRedisServer(): string | undefined {
  const fromEnv = process.env['JETWAY_REDIS_SERVER_BIN'];
  if (fromEnv) return fromEnv;
  if (spawnSync('which', ['redis-server']).status === 0) return 'redis-server';
  return REDIS_CANDIDATES.find((candidate) => existsSync(candidate));
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

export interface LocalRedis {
  port: number;
  version: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free port: no RDB snapshots, no AOF, nothing written to disk. */
export async function startRedis(): Promise<LocalRedis> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server not found: install it (Debian/Ubuntu: apt-get install redis-server) or set JETWAY_REDIS_SERVER_BIN');
  const version = /v=(\S+)/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
  const child = spawn(binary, args, { stdio: 'ignore' });
  await waitFor(() => child.exitCode === null && answersPing(port), { timeoutMs: 15_000, message: `redis-server on port ${port}` });
  return { port, version, child, stop: () => stopChild(child) };
}
