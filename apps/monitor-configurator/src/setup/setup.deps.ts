import type { SetupUrls } from './bundle.types';
import type { BundleGenerators, BundleStore, MonitoringStackPort } from './setup.ports';

/** Everything the setup steps need, built once by the module. */
export interface SetupDeps {
  readonly generators: BundleGenerators;
  readonly store: BundleStore;
  readonly stack: MonitoringStackPort;
  readonly urls: (setup: string) => SetupUrls;
  /** Scratch space for validation. */
  readonly workRoot: string;
  /** How long verify waits for every target to be up and every group loaded. */
  readonly deadlineMs: number;
}
