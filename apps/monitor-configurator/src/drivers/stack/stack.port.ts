import type { BundleFile } from '../../setup/bundle.types';
import type { ApplyOutcome, MonitoringStackPort as SetupStackPort, VerifyOutcome } from '../../setup/setup.ports';

/** The three servers of a monitoring stack. */
export type StackServer = 'prometheus' | 'alertmanager' | 'blackbox';
export const STACK_SERVERS: readonly StackServer[] = ['prometheus', 'alertmanager', 'blackbox'];

/** Base URLs of the stack's servers, e.g. `http://127.0.0.1:9090` (no trailing slash). */
export type StackUrls = Readonly<Record<StackServer, string>>;

/** What `apply` did to the stack: the use cases' outcome, with the servers named and Alertmanager's config hash. */
export interface ApplyResult extends ApplyOutcome {
  /** Paths written, relative to the stack directory (the setup's files, then the merged stack configs). */
  readonly files: readonly string[];
  /** The servers that reloaded the new configuration, in the order they did. */
  readonly reloaded: readonly StackServer[];
  /** sha256 (hex) of the configuration Alertmanager reports (`config.original`) after the reload. */
  readonly alertmanagerConfigHash: string;
}

/** What `verify` found, once every check of the setup passed (the use cases' port says what each count is). */
export type VerifyResult = VerifyOutcome;

/**
 * A running Prometheus + Alertmanager + blackbox exporter shared by every monitoring setup. Each
 * setup's bundle lives in its own directory; the stack-level configs are merged from all of them.
 */
export interface MonitoringStackPort extends SetupStackPort {
  /**
   * Writes the setup's bundle (replacing its previous one), merges the stack configs and reloads
   * the three servers. Fails with `StackMergeError` when the bundle cannot be merged (nothing is
   * reloaded) and `StackApplyError` when a server refuses it: the previous files are then back
   * and reloaded, and the error carries the server's own message.
   */
  apply(setup: string, files: readonly BundleFile[], digest: string): Promise<ApplyResult>;
  /**
   * Waits, at most `withinMs`, until every active target of the setup is `up`, every rule group of
   * the setup is loaded and Alertmanager reports the configuration that was applied. Fails with
   * `StackVerifyError` naming each check still failing (each target not up, with its last error).
   */
  verify(setup: string, withinMs: number): Promise<VerifyResult>;
  urls(): StackUrls;
}

/** Recent log lines of each server: where Prometheus says why it refused a rule file. */
export interface StackLogs {
  recentOutput(server: StackServer): string;
}
