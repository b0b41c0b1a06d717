/**
 * The directory Prometheus reads its configuration from. Paths are relative to it and use `/`.
 */
export interface ConfigDir {
  /**
   * Replaces the file at `relativePath` with `content` atomically: a reader (Prometheus
   * reloading, a file_sd watcher) sees the old file or the new one, never a partial write.
   * Creates missing parent directories. A file that already holds `content` is left alone
   * (`changed: false`), so an unchanged bundle needs no reload. Resolves with its absolute path.
   */
  write(relativePath: string, content: string): Promise<{ path: string; changed: boolean }>;
  /** Names of the files directly in `relativeDir` (empty when it does not exist), sorted. */
  list(relativeDir: string): Promise<string[]>;
}
