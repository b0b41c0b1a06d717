import type { Environment, PlatformConfig } from '@jetway/contracts';

/** What a platform runs one instance of: the release's `run` block from the platform config. */
export type RunSpec = PlatformConfig['run'];

/** One release of one application in one environment, named by the artifact's digest. */
export interface ReleaseRef {
  readonly application: string;
  readonly environment: Environment;
  /** `sha256:<64 hex>`: the artifact's content address. */
  readonly digest: string;
}

/** How an instance's process ended on its own: its exit code, or the signal that killed it. */
export interface InstanceExit {
  readonly code: number | null;
  readonly signal: string | null;
  /**
   * Set when a repeated start reports an instance an earlier try of the same start left ended:
   * `stopped` when that try failed and stopped it, `unseen` when it was gone by the time a
   * restarted deployer looked (its code and signal are then unknown).
   */
  readonly earlier?: 'stopped' | 'unseen';
}

/** The end of what an instance wrote, each stream cut to a byte budget. */
export interface InstanceOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** A started instance of a release. */
export interface Instance {
  /** Unique among the instances the runtime has started. */
  readonly id: string;
  readonly release: ReleaseRef;
  /** The run spec it was started with, so the release can be started again the same way. */
  readonly run: RunSpec;
  /** `host:port` the instance listens on (a Prometheus target, a router backend). */
  readonly target: string;
  /** `http://host:port`, the base URL health checks probe. */
  readonly baseUrl: string;
}

/**
 * Where releases run (local processes, later Kubernetes). The runtime is the boundary where
 * deploys have external effects, so its methods say exactly what they do and do not do.
 */
export interface ReleaseRuntime {
  /**
   * Makes the release's files available for `start`, from the artifact at `artifactPath`
   * (a tar.gz whose sha256 must equal `ref.digest`). Idempotent: an installed release is not
   * unpacked again. Throws `PermanentError` when the artifact does not match its digest or cannot
   * be unpacked (retrying cannot help), `TransientError` for I/O trouble.
   */
  install(ref: ReleaseRef, artifactPath: string): Promise<void>;
  /** Whether `install` has completed for this release (so it can be started without its artifact). */
  isInstalled(ref: ReleaseRef): Promise<boolean>;
  /**
   * Starts `count` new instances of an installed release. Resolves once the processes are
   * spawned — not once they are healthy; that is the health probe's job. If any instance cannot
   * be spawned, the ones already started are stopped before the error is thrown. `key` names
   * the move that starts them (one start of one rollout), for `startedUnder`.
   */
  start(ref: ReleaseRef, run: RunSpec, count: number, key?: string): Promise<Instance[]>;
  /**
   * What earlier starts with this `key` left: instances still running, and instances that
   * ended — stopped by `stopFailed`, or gone on their own — whose `exited` resolves at once.
   * A start repeated after a crash or a lost write counts them instead of starting the
   * release again: a process is started once per move.
   */
  startedUnder(key: string): Instance[];
  /** Stops the instances (graceful first, forced after a grace period) and resolves once they are gone. Stopping a stopped instance is a no-op. */
  stop(instances: readonly Instance[]): Promise<void>;
  /**
   * Stops the instances of a start that failed, as `stop`, and remembers the keyed ones as
   * ended for `startedUnder` (for a day), so the failed start, repeated, fails the same way.
   */
  stopFailed(instances: readonly Instance[]): Promise<void>;
  /** Instances of (application, environment) started and not yet stopped, whatever their release. */
  running(application: string, environment: Environment): Instance[];
  /** Every instance started (or adopted after a restart) and not yet stopped. */
  instances(): Instance[];
  /**
   * Resolves when the instance's process is gone without `stop` having been asked for (it
   * crashed or exited). Stays pending while it runs, for instances the runtime cannot watch
   * (adopted from a previous deployer) and for instances it does not know.
   */
  exited(instance: Instance): Promise<InstanceExit>;
  /**
   * The last `maxBytes` of the instance's stdout and of its stderr (also after it stopped);
   * empty strings when it wrote nothing or its output is gone.
   */
  output(instance: Instance, maxBytes: number): Promise<InstanceOutput>;
}
