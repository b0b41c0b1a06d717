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

/** A KV write's bucket and key family, from its subject `$KV.<bucket>.<key>`. */
export function kvWriteFamily(app: RegExp): (subject: string) => string | undefined {
  return (subject) => {
    const [, bucket = '', ...key] = subject.split('.');
    return `${bucket} ${keyFamily(key.join('.'), app)}`;
  };
}

/** Subjects of JetStream's read requests: direct gets (KV gets, object metadata) and message gets. */
export const READ_SUBJECTS = ['$JS.API.DIRECT.GET.>', '$JS.API.STREAM.MSG.GET.>'];

/**
 * A read request's bucket (or stream) and key family: a direct get names the KV key in its
 * subject (`$JS.API.DIRECT.GET.KV_<bucket>.$KV.<bucket>.<key>`); a message get names it in its
 * body (`last_by_subj`); a read by sequence only has its stream.
 */
export function readFamily(app: RegExp): (subject: string, body: string) => string | undefined {
  return (subject, body) => {
    const direct = /^\$JS\.API\.DIRECT\.GET\.([^.]+)(?:\.(.+))?$/.exec(subject);
    const messageGet = /^\$JS\.API\.STREAM\.MSG\.GET\.(.+)$/.exec(subject);
    const stream = direct?.[1] ?? messageGet?.[1];
    if (stream === undefined) return undefined;
    const asked = direct?.[2] ?? lastBySubject(body);
    const kv = asked === undefined ? undefined : /^\$KV\.([^.]+)\.(.+)$/.exec(asked);
    if (kv) return `${kv[1]} ${keyFamily(kv[2] ?? '', app)}`;
    return `${stream} ${asked === undefined ? '(by sequence)' : keyFamily(asked.replace(/\.M\..+$/, '.M.<name>'), app)}`;
  };
}

function lastBySubject(body: string): string | undefined {
  try {
    const asked = (JSON.parse(body) as { last_by_subj?: unknown }).last_by_subj;
    return typeof asked === 'string' ? asked : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Counts requests of a batch as they happen, by family: every put, delete and compare-and-set on
 * a bucket is published on `$KV.<bucket>.<key>` (see kvWriteFamily), every read on a JetStream
 * API subject (see readFamily), so a plain subscription sees each one (a bucket's stream keeps
 * only the last revisions: reading it afterwards would miss the rest).
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();
  private readonly subs: Subscription[];

  constructor(nc: NatsConnection, subjects: readonly string[], family: (subject: string, body: string) => string | undefined) {
    this.subs = subjects.map((subject) =>
      nc.subscribe(subject, {
        callback: (error, msg) => {
          const name = error ? undefined : family(msg.subject, msg.string());
          if (name !== undefined) this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        },
      }),
    );
  }

  /** Stops counting; requests per run by bucket (or stream) and key family, most first. */
  stop(runs: number): Record<string, Record<string, number>> {
    for (const sub of this.subs) sub.unsubscribe();
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
