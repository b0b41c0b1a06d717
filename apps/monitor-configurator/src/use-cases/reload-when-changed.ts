import type { ConfigReloader } from './config-reloader.port';

/**
 * Reloads Prometheus only when a bundle changed a file, or when a reload is owed: after this
 * process started (a predecessor may have written files and died before reloading) and after a
 * reload that failed (the step is retried and finds its files already written).
 */
export class ReloadWhenChanged {
  private owed = true;

  constructor(private readonly reloader: ConfigReloader) {}

  /** Resolves with whether it reloaded; rejects as the reloader does, leaving the reload owed. */
  async afterWrite(changed: boolean): Promise<boolean> {
    if (!changed && !this.owed) return false;
    this.owed = true;
    await this.reloader.reload();
    this.owed = false;
    return true;
  }
}
