import type { MonitoringCounts, MonitoringStack } from '@jetway/contracts';
import type { BundleFile, Check, SetupInput, SetupUrls } from './bundle.types';

/** Where bundles are kept (the JetStream Object Store in production), by digest. */
export interface BundleStore {
  put(digest: string, bytes: Buffer): Promise<void>;
  /** Rejects with a TransientError when the store cannot be reached or does not have it (yet). */
  get(digest: string): Promise<Buffer>;
}

/** What the generators make of a setup: the files, what they hold, and whether they are for a stack Jetway applies. */
export interface GeneratedBundle {
  readonly files: BundleFile[];
  readonly counts: MonitoringCounts;
  readonly generateOnly: boolean;
}

/** Every check of a written bundle, with the counts of generated tests that passed. */
export interface BundleVerdict {
  readonly checks: Check[];
  readonly ruleTestsPassed: number;
  readonly routingCasesPassed: number;
}

/** The generators and their validators, composed (generators/index.ts). */
export interface BundleGenerators {
  generate(input: SetupInput, urls: SetupUrls): GeneratedBundle;
  /**
   * Runs the formats' own tools on a bundle written to `dir`. `ruleTests: false` leaves out
   * `promtool test rules` (the behaviour tests of the alerts), for a caller that ran them on a
   * bundle of the same thresholds and says so; every file is still checked to load.
   */
  check(dir: string, stack: MonitoringStack, options?: { readonly ruleTests?: boolean }): Promise<BundleVerdict>;
}

export interface ApplyOutcome {
  /** Paths written, relative to the stack directory. */
  readonly files: readonly string[];
  /** The servers that reloaded the new configuration, in order. */
  readonly reloaded: ReadonlyArray<'prometheus' | 'alertmanager' | 'blackbox'>;
  /** The digest of the bundle this one replaced, when the setup had been applied before. */
  readonly previousDigest?: string;
}

/** What verify found, once every check of the setup passed. */
export interface VerifyOutcome {
  /** Active targets of the setup that Prometheus reports `up`, of all its active targets. */
  readonly targetsUp: number;
  readonly targetsTotal: number;
  /** Rule groups (and their rules) of the setup Prometheus has loaded. */
  readonly ruleGroupsLoaded: number;
  readonly rulesLoaded: number;
  /** sha256 (hex) of the configuration Alertmanager reports running: the one recorded when the setup was applied. */
  readonly alertmanagerConfigHash: string;
}

/**
 * The running stack (Prometheus, Alertmanager, blackbox exporter) a bundle is applied to.
 * `apply` restores the previous files when a server refuses the new ones, then rejects with a
 * PermanentError carrying the server's words; `verify` rejects with a PermanentError naming
 * what is not as it should be once `deadlineMs` has passed.
 */
export interface MonitoringStackPort {
  apply(setup: string, files: readonly BundleFile[], digest: string): Promise<ApplyOutcome>;
  verify(setup: string, withinMs: number): Promise<VerifyOutcome>;
  /** The stack's URLs, for the run's outputs (`prometheus`, `alertmanager`, `blackbox`). */
  urls(): Readonly<Record<string, string>>;
}
