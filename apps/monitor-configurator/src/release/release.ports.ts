import type { BundleFile } from '../setup/bundle.types';

/**
 * A bundle written beside its setup's directory and not yet in place: the checks read it there,
 * then it becomes the setup's directory by a rename, so a checked bundle is written once.
 */
export interface StagedSetup {
  /** The absolute path of the staged directory (a dot-directory, which the stack and the alert ingress skip). */
  readonly dir: string;
  /** Puts the staged directory in place of the setup's, whole; resolves with the absolute paths of its files. */
  commit(): Promise<string[]>;
  /** Removes the staged directory if it was not committed; safe to call at any time, and more than once. */
  discard(): Promise<void>;
}

/**
 * Where a release's bundle is written when no stack applies it: `<stack dir>/setups/<setup>/`,
 * where the alert ingress serves its runbook pages and a stack started later finds it. A bundle
 * is staged beside it and swapped in whole (a reader sees the previous bundle or the new one,
 * never a mix, and no file of an earlier bundle lingers).
 */
export interface SetupFolder {
  /** Writes the bundle's files into a new staged directory; nothing of the setup changes until `commit`. */
  stage(setup: string, files: readonly BundleFile[]): Promise<StagedSetup>;
  /** The absolute path of the setup's directory. */
  dir(setup: string): string;
  /** The absolute path of a path relative to the stack directory (what the stack's `apply` reports). */
  resolve(relativePath: string): string;
}
