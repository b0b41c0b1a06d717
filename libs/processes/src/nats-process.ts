import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { waitFor } from './wait-for';

/** How to run one nats-server process; the same arguments serve every (re)start. */
export interface NatsProcessOptions {
  readonly binary: string;
  readonly args: readonly string[];
  /** Client port: the process counts as up once it accepts connections here. */
  readonly port: number;
  /** Names the process in errors (`nats-server n2`). */
  readonly label: string;
  readonly startTimeoutMs?: number;
}

const OUTPUT_LINES = 30;
/** Every process still running, so a test run that dies never leaves brokers behind. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * One nats-server process that can be SIGKILLed and started again with the same arguments (so
 * on the same ports and store). Keeps the last lines of its output for error messages.
 */
export class NatsProcess {
  private child: ChildProcess | undefined;
  private output: string[] = [];

  constructor(private readonly options: NatsProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined && hasNotExited(this.child);
  }

  /** The last lines the server wrote (its log goes to stderr). */
  get recentOutput(): string {
    return this.output.join('\n');
  }

  /** Starts the server; resolves once it accepts clients, fails with its output if it exits first. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.options.label} is already running`);
    installExitHook();
    this.output = [];
    const child = spawn(this.options.binary, [...this.options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    child.stdout?.on('data', (chunk: Buffer) => this.remember(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.remember(chunk));
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    child.once('exit', () => live.delete(child));
    const closed = new Promise((resolve) => child.once('close', resolve));
    const { label, port } = this.options;
    try {
      // Polls the port, and stops polling as soon as the process is gone.
      const outcome = await waitFor(async () => (spawnError || !hasNotExited(child) ? 'gone' : (await portOpen(port)) && 'up'), {
        timeoutMs: this.options.startTimeoutMs ?? 15_000,
        message: `${label} to accept clients on port ${port}`,
      });
      if (outcome === 'gone') {
        if (!spawnError) await closed; // its last words are in the pipes until then
        const why = spawnError ? `could not start (${spawnError.message})` : `exited (${child.signalCode ?? child.exitCode})`;
        throw new Error(`${label} ${why} while starting:\n${this.recentOutput}`);
      }
    } catch (error) {
      await this.halt('SIGKILL');
      throw error;
    }
  }

  /** Sends the signal and waits until the process is gone; nothing to do when it is not running. */
  async halt(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !hasNotExited(child)) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  }

  private remember(chunk: Buffer): void {
    this.output.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    if (this.output.length > OUTPUT_LINES) this.output.splice(0, this.output.length - OUTPUT_LINES);
  }
}

function hasNotExited(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
