import type { KV } from 'nats';
import { BUCKETS, type BucketName } from '@jetway/contracts';

/** What `/health/ready` reports: ready or not, and why not. */
export interface Readiness {
  ready: boolean;
  detail?: string;
}

/** The last probe write to one bucket: undefined while none has finished yet. */
export type WriteOutcome = { ok: true } | { ok: false; error: string };

export interface WriteProbeOptions {
  /** The probe key is `health.<service>`, overwritten at every probe, so nothing accumulates. */
  service: string;
  /** The buckets the service must be able to write (its run state, effect claims, attestations…). */
  buckets: readonly BucketName[];
  /** Time between probes (one also runs at start). Default 10 s. */
  intervalMs?: number;
  /** A write that has not been acknowledged within this fails the probe. Default 5 s. */
  timeoutMs?: number;
  /** Called when a bucket's outcome changes (first failure, recovery), for logs. */
  onChange?: (bucket: string, outcome: WriteOutcome) => void;
}

export const DEFAULT_WRITE_PROBE_INTERVAL_MS = 10_000;
const DEFAULT_WRITE_TIMEOUT_MS = 5_000;

/** The key a service's probe overwrites in each bucket it must write. */
export function probeKey(service: string): string {
  return `health.${service.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Readiness from the last write to each bucket: false while any failed (naming the bucket and
 * the error) or has not finished yet.
 */
export function writeReadiness(outcomes: ReadonlyMap<string, WriteOutcome | undefined>): Readiness {
  const problems: string[] = [];
  for (const [bucket, outcome] of outcomes) {
    if (!outcome) problems.push(`write to KV ${bucket} not checked yet`);
    else if (!outcome.ok) problems.push(`cannot write to KV ${bucket}: ${outcome.error}`);
  }
  return problems.length ? { ready: false, detail: problems.join('; ') } : { ready: true };
}

/** All of `checks` must be ready; the details of those that are not, joined. */
export function combineReadiness(checks: readonly Readiness[]): Readiness {
  const failing = checks.filter((check) => !check.ready);
  if (!failing.length) return { ready: true };
  return { ready: false, detail: failing.map((check) => check.detail ?? 'not ready').join('; ') };
}

/**
 * Periodically proves that a service can still write the KV buckets it must write. A broker
 * whose store is damaged, full or shared with a second nats-server can keep connections and
 * consumers up while every write fails; without this the service would say ready and drop work.
 */
export class WriteProbe {
  private readonly outcomes = new Map<string, WriteOutcome | undefined>();
  private readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly kvOf: (bucket: BucketName) => KV,
    private readonly options: WriteProbeOptions,
  ) {
    this.key = probeKey(options.service);
    for (const bucket of options.buckets) this.outcomes.set(BUCKETS[bucket].name, undefined);
  }

  /** Probes once now (resolves when that probe finished), then every `intervalMs`. */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.probe(), this.options.intervalMs ?? DEFAULT_WRITE_PROBE_INTERVAL_MS);
      this.timer.unref();
    }
    return this.probe();
  }

  /** Writes the probe key into every bucket once; a probe still in flight is joined, not doubled. */
  probe(): Promise<void> {
    this.running ??= Promise.all(this.options.buckets.map((bucket) => this.write(bucket))).then(
      () => (this.running = undefined),
    );
    return this.running;
  }

  readiness(): Readiness {
    return writeReadiness(this.outcomes);
  }

  /** No further probes; waits for one in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async write(bucket: BucketName): Promise<void> {
    const name = BUCKETS[bucket].name;
    const body = new TextEncoder().encode(JSON.stringify({ service: this.options.service, at: new Date().toISOString() }));
    const outcome = await withTimeout(this.kvOf(bucket).put(this.key, body), this.options.timeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS).then(
      (): WriteOutcome => ({ ok: true }),
      (error: unknown): WriteOutcome => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    const before = this.outcomes.get(name);
    this.outcomes.set(name, outcome);
    // Logged when a bucket first fails and when it recovers, not at every probe.
    if ((before?.ok ?? true) !== outcome.ok) this.options.onChange?.(name, outcome);
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no acknowledgement within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
