import type { BundleFile } from '../../setup/bundle.types';
import { applyBundle } from './stack-apply';
import type { StackBase } from './stack-layout';
import { verifySetup } from './stack-verify';
import type { ApplyResult, MonitoringStackPort, StackLogs, StackUrls, VerifyResult } from './stack.port';

export interface MonitoringStackOptions {
  /** The stack directory the servers read their configs from (see stack-layout.ts). */
  readonly stackDir: string;
  readonly urls: StackUrls;
  readonly base: StackBase;
  /** The servers' recent log lines, when this process started them: adds Prometheus' reason to a refused reload. */
  readonly logs?: StackLogs;
}

/**
 * The monitoring stack over its directory and its servers' HTTP APIs. Applies are serialised:
 * each one merges every setup's files, so two at once would reload each other's half-written state.
 * (One driver per stack directory; two processes applying to one stack are not coordinated.)
 */
export class MonitoringStackDriver implements MonitoringStackPort {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MonitoringStackOptions) {}

  apply(setup: string, files: readonly BundleFile[], digest: string): Promise<ApplyResult> {
    const run = this.queue.then(() => applyBundle(this.options, setup, files, digest));
    this.queue = run.catch(() => undefined);
    return run;
  }

  verify(setup: string, withinMs: number): Promise<VerifyResult> {
    return verifySetup(this.options.stackDir, this.options.urls, setup, withinMs);
  }

  urls(): StackUrls {
    return this.options.urls;
  }
}
