import type { ConfigDir } from './config-dir.port';
import type { MetricsEndpoint, ScrapeAnswer } from './metrics-endpoint.port';

/** A config directory in memory; `writes` records the order files were written in. */
export class MemoryConfigDir implements ConfigDir {
  readonly files = new Map<string, string>();
  readonly writes: string[] = [];
  /** Milliseconds each successive `write` / `list` call takes (a slow disk, for races). */
  readonly writeDelays: number[] = [];
  readonly listDelays: number[] = [];
  async write(relativePath: string, content: string): Promise<{ path: string; changed: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, this.writeDelays.shift() ?? 0));
    const changed = this.files.get(relativePath) !== content;
    this.files.set(relativePath, content);
    this.writes.push(relativePath);
    return { path: `/config/${relativePath}`, changed };
  }
  async list(relativeDir: string): Promise<string[]> {
    const prefix = `${relativeDir}/`;
    const names = [...this.files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
    await new Promise((resolve) => setTimeout(resolve, this.listDelays.shift() ?? 0));
    return names;
  }
}

/** Targets and what each answers to GET /metrics; an unknown target does not answer. `asked` records the order. */
export class FakeMetricsEndpoint implements MetricsEndpoint {
  readonly asked: string[] = [];
  constructor(private readonly answers: Readonly<Record<string, ScrapeAnswer>>) {}
  async scrape(target: string): Promise<ScrapeAnswer> {
    this.asked.push(target);
    return this.answers[target] ?? { answered: false, error: 'connect ECONNREFUSED' };
  }
}
