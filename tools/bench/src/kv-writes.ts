import type { NatsConnection, Subscription } from 'nats';

/**
 * What a KV key is, for counting writes: run ids, hashes and the bench's application names
 * become placeholders, so every run's writes of one kind fall into one row.
 */
export function keyFamily(key: string, app: RegExp): string {
  return key
    .replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '<run>')
    .replace(/[0-9a-f]{32,}/gi, '<hash>')
    .replace(app, '<app>');
}

/**
 * Counts the KV writes of a batch as they happen: every put, delete and compare-and-set on a
 * bucket is published on `$KV.<bucket>.<key>`, so a plain subscription sees each one (the
 * bucket's stream keeps only the last revisions: reading it afterwards would miss the rest).
 */
export class KvWriteCounter {
  private readonly counts = new Map<string, number>();
  private readonly sub: Subscription;

  constructor(nc: NatsConnection, app: RegExp) {
    this.sub = nc.subscribe('$KV.>', {
      callback: (error, msg) => {
        if (error) return;
        const [, bucket = '', ...key] = msg.subject.split('.');
        const family = `${bucket} ${keyFamily(key.join('.'), app)}`;
        this.counts.set(family, (this.counts.get(family) ?? 0) + 1);
      },
    });
  }

  /** Stops counting; writes per run by bucket and key family, most first. */
  stop(runs: number): Record<string, Record<string, number>> {
    this.sub.unsubscribe();
    const byBucket: Record<string, Record<string, number>> = {};
    for (const [family, n] of [...this.counts].sort(([, a], [, b]) => b - a)) {
      const [bucket = '', key = ''] = family.split(' ');
      (byBucket[bucket] ??= {})[key] = n / runs;
    }
    return byBucket;
  }
}

/** A service's write probe (`health.<service>`, libs/messaging write-probe): a readiness check's write, not a run's. */
function isProbe(family: string): boolean {
  return family.startsWith('health.');
}

/**
 * Writes per run by stream without the services' write probes: each service writes its probe key
 * to every bucket it must write every 10 s whatever runs, so their share of a batch grows with
 * the batch's length, not with its runs. Returns the streams' writes less the probes (bucket
 * `b` is stream `KV_b`) and the probes' writes per run, for the note that says they were left out.
 */
export function withoutProbes(writesPerRun: Record<string, number>, kvWrites: Record<string, Record<string, number>>): { writes: Record<string, number>; probes: number } {
  const writes = { ...writesPerRun };
  let probes = 0;
  for (const [bucket, families] of Object.entries(kvWrites)) {
    const stream = `KV_${bucket}`;
    for (const [family, n] of Object.entries(families)) {
      if (!isProbe(family) || writes[stream] === undefined) continue;
      const taken = Math.min(n, writes[stream]);
      writes[stream] -= taken;
      probes += taken;
    }
  }
  return { writes, probes };
}

/** `bucket: family n, …; bucket: …` for the bench's notes, leaving out write probes and rare keys. */
export function kvWritesLine(byBucket: Record<string, Record<string, number>>): string {
  const fmt = (n: number) => n.toFixed(1);
  return Object.entries(byBucket)
    .map(([bucket, families]) => [bucket, Object.entries(families).filter(([family, n]) => n >= 0.05 && !isProbe(family))] as const)
    .filter(([, families]) => families.length > 0)
    .map(([bucket, families]) => `${bucket}: ${families.map(([family, n]) => `${family} ${fmt(n)}`).join(', ')}`)
    .join('; ');
}
