import type { BundleFile } from '../setup/bundle.types';

/**
 * Where a release's bundle is written when no stack applies it: `<stack dir>/setups/<setup>/`,
 * where the alert ingress serves its runbook pages and a stack started later finds it. The
 * setup's directory is replaced whole (a reader sees the previous bundle or the new one, never a
 * mix, and no file of an earlier bundle lingers). Resolves with the absolute paths written.
 */
export interface SetupFolder {
  write(setup: string, files: readonly BundleFile[]): Promise<string[]>;
  /** The absolute path of the setup's directory. */
  dir(setup: string): string;
  /** The absolute path of a path relative to the stack directory (what the stack's `apply` reports). */
  resolve(relativePath: string): string;
}
