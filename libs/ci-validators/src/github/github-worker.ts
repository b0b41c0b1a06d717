import { Worker } from 'node:worker_threads';
import type { ValidatorFinding } from '../types';
import { GITHUB_WORKER_SOURCE } from './github-worker.source';

/** One tool's answer on one file: its findings, or why it could not run. */
export type ToolOutcome = { findings: ValidatorFinding[] } | { error: string };

export interface GithubToolResults {
  workflowParser: ToolOutcome;
  actionlint: ToolOutcome;
}

type Reply = { id: number; results: GithubToolResults[] } | { id: number; error: string };

interface Pending {
  resolve: (results: GithubToolResults[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** How long one batch may take before the thread is ended and the batch fails (the first loads ~10 MB of WebAssembly). */
export const GITHUB_WORKER_TIMEOUT_MS = 60_000;

/**
 * The client of the GitHub validators' thread (see github-worker.source.ts): one thread per
 * process, started on first use, holding the process open only while it has work, and started
 * again after it died.
 */
export class GithubWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs = GITHUB_WORKER_TIMEOUT_MS) {}

  check(files: ReadonlyArray<{ path: string; content: string }>): Promise<GithubToolResults[]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<GithubToolResults[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`GitHub validators did not answer within ${this.timeoutMs / 1000} s`));
        void worker.terminate();
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, files: files.map(({ path, content }) => ({ path, content })) });
    });
  }

  /** Ends the thread (tests, shutdown); a later check starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    // Not piped (stdout: true would hold the process open): the thread keeps its console to itself.
    const worker = new Worker(GITHUB_WORKER_SOURCE, { eval: true, workerData: { base: __filename } });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.fail(new Error(`the GitHub validators' thread stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) pending.reject(new Error(reply.error));
    else pending.resolve(reply.results);
  }

  private fail(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
