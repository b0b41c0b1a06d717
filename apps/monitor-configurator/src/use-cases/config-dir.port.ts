/**
 * The directory Prometheus reads its configuration from. Paths are relative to it and use `/`.
 */
export interface ConfigDir {
  /**
   * Replaces the file at `relativePath` with `content` atomically: a reader (Prometheus
   * reloading, a file_sd watcher) sees the old file or the new one, never a partial write.
   * Creates missing parent directories. Resolves with the file's absolute path.
   */
  write(relativePath: string, content: string): Promise<string>;
  /** Names of the files directly in `relativeDir` (empty when it does not exist), sorted. */
  list(relativeDir: string): Promise<string[]>;
}
