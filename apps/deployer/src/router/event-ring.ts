/**
 * The last requests of one series (time, latency, error), newest last, in typed arrays that grow
 * by doubling up to `capacity` and then overwrite the oldest. Bounded memory (13 bytes a request:
 * 1.7 MB at the default 2^17) with exact answers over any window it still covers.
 */
export class EventRing {
  private times: Float64Array;
  private latencies: Float32Array;
  private errors: Uint8Array;
  /** Index of the oldest entry. */
  private start = 0;
  private size = 0;
  /** Entries overwritten since the ring was made (0: it holds everything it was given). */
  private dropped = 0;

  constructor(private readonly capacity = 1 << 17) {
    const initial = Math.min(1024, capacity);
    this.times = new Float64Array(initial);
    this.latencies = new Float32Array(initial);
    this.errors = new Uint8Array(initial);
  }

  push(atMs: number, latencyMs: number, error: boolean): void {
    if (this.size === this.times.length && this.size < this.capacity) this.grow();
    const length = this.times.length;
    const at = (this.start + this.size) % length;
    if (this.size === length) {
      this.start = (this.start + 1) % length;
      this.dropped += 1;
    } else {
      this.size += 1;
    }
    this.times[at] = atMs;
    this.latencies[at] = latencyMs;
    this.errors[at] = error ? 1 : 0;
  }

  /**
   * The requests with `sinceMs ≤ time < untilMs`, oldest first, and whether the ring still held
   * all of them (false when older entries were overwritten and the oldest kept is inside the window).
   */
  window(sinceMs: number, untilMs: number): { latencies: number[]; errors: number; complete: boolean } {
    const length = this.times.length;
    const latencies: number[] = [];
    let errors = 0;
    let reachedBefore = false;
    for (let n = this.size - 1; n >= 0; n -= 1) {
      const i = (this.start + n) % length;
      const at = this.times[i] ?? 0;
      if (at < sinceMs) {
        reachedBefore = true;
        break;
      }
      if (at >= untilMs) continue;
      latencies.push(this.latencies[i] ?? 0);
      errors += this.errors[i] ?? 0;
    }
    latencies.reverse();
    return { latencies, errors, complete: reachedBefore || this.dropped === 0 };
  }

  /** Time of the newest entry, or undefined when empty. */
  newest(): number | undefined {
    if (this.size === 0) return undefined;
    return this.times[(this.start + this.size - 1) % this.times.length];
  }

  private grow(): void {
    const next = Math.min(this.capacity, this.times.length * 2);
    const copy = <T extends Float64Array | Float32Array | Uint8Array>(from: T, to: T): T => {
      for (let n = 0; n < this.size; n += 1) to[n] = from[(this.start + n) % from.length] ?? 0;
      return to;
    };
    this.times = copy(this.times, new Float64Array(next));
    this.latencies = copy(this.latencies, new Float32Array(next));
    this.errors = copy(this.errors, new Uint8Array(next));
    this.start = 0;
  }
}
