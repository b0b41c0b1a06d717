/** One message of a run as stored: its run, stream sequence and store time. */
export interface TimedMessage {
  run: string;
  seq: number;
  /** When the broker stored it (or the producer sent it), in milliseconds on one clock. */
  atMs: number;
  /** Body plus header bytes. */
  bytes: number;
  /** What it is (the mesh: its subject), to tell which hand-offs take long. */
  kind?: string;
}

export interface Timelines {
  /** Each message's time minus its predecessor's in the same run, over all runs (H-1 per run). */
  hopMs: number[];
  /** Last message's time minus the first's, per run. */
  runMs: number[];
  /** How many messages each run had: one key when every run had the same count. */
  messagesPerRun: Map<number, number>;
  /** Mean message size (body + headers). */
  meanBytes: number;
  /** Gaps per hand-off `previous kind → kind` (messages with a kind only). */
  byTransition: Map<string, number[]>;
}

/** Groups messages by run, orders each run by sequence and measures the gaps between neighbours. */
export function timelines(messages: Iterable<TimedMessage>): Timelines {
  const byRun = new Map<string, TimedMessage[]>();
  let bytes = 0;
  let count = 0;
  for (const message of messages) {
    const list = byRun.get(message.run) ?? [];
    if (list.length === 0) byRun.set(message.run, list);
    list.push(message);
    bytes += message.bytes;
    count += 1;
  }
  const hopMs: number[] = [];
  const runMs: number[] = [];
  const messagesPerRun = new Map<number, number>();
  const byTransition = new Map<string, number[]>();
  for (const list of byRun.values()) {
    list.sort((a, b) => a.seq - b.seq);
    for (let i = 1; i < list.length; i += 1) {
      const [previous, current] = [list[i - 1], list[i]];
      const gap = (current?.atMs ?? 0) - (previous?.atMs ?? 0);
      hopMs.push(gap);
      if (previous?.kind && current?.kind) {
        const key = `${previous.kind} → ${current.kind}`;
        byTransition.set(key, [...(byTransition.get(key) ?? []), gap]);
      }
    }
    runMs.push((list[list.length - 1]?.atMs ?? 0) - (list[0]?.atMs ?? 0));
    messagesPerRun.set(list.length, (messagesPerRun.get(list.length) ?? 0) + 1);
  }
  return { hopMs, runMs, messagesPerRun, meanBytes: count ? bytes / count : 0, byTransition };
}

/** A JSON body of exactly `bytes` bytes (at least its fixed part) carrying the run id: `{"run":…,"pad":"xx…"}`. */
export function paddedBody(run: string, bytes: number): string {
  const bare = JSON.stringify({ run, pad: '' });
  return JSON.stringify({ run, pad: 'x'.repeat(Math.max(0, bytes - bare.length)) });
}

/** The message count most runs had (the smaller on a tie), or undefined for no runs. */
export function commonest(counts: ReadonlyMap<number, number>): number | undefined {
  let best: [number, number] | undefined;
  for (const [count, runs] of counts) if (!best || runs > best[1] || (runs === best[1] && count < best[0])) best = [count, runs];
  return best?.[0];
}
