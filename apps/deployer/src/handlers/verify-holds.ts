import { TransientError } from '@jetway/messaging';
import { clampReason } from '../strategies';

/** One (application, environment) held for the verify of the release a run just deployed there. */
export interface Hold {
  readonly runId: string;
  readonly digest: string;
  /** Epoch ms after which the next deploy goes ahead without the verify. */
  readonly untilMs: number;
}

/** How a deploy's wait for the hold on its (application, environment) ended. */
export type Waited =
  | { readonly kind: 'free' }
  | { readonly kind: 'released'; readonly hold: Hold; readonly waitedMs: number }
  | { readonly kind: 'expired'; readonly hold: Hold; readonly waitedMs: number };

interface Entry extends Hold {
  readonly released: Promise<void>;
  readonly release: () => void;
}

/**
 * Keeps an (application, environment) from the end of a successful deploy until its verify has
 * run, so the next deploy there waits instead of replacing a release nobody has verified yet:
 * verify checks that the release of its digest answers (`verifyRelease`), and would fail the run
 * that was overtaken. A hold ends when that run's verify finishes (whatever its outcome), when
 * the run ends (it failed or was cancelled before its verify), or after `boundMs` (a run's end
 * this deployer did not hear of: another replica consumed it). `boundMs` 0: nothing is held. Kept in
 * this process beside the KeyedQueue it extends: deploys through another deployer replica, or
 * after a restart, are not held, and the verify they overtake fails, saying why.
 */
export class VerifyHolds {
  private readonly held = new Map<string, Entry>();

  constructor(
    private readonly boundMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `runId` deployed `digest` at `key`: the next deploy there waits for its verify. */
  hold(key: string, runId: string, digest: string): void {
    this.held.get(key)?.release();
    if (this.boundMs <= 0) return;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry: Entry = { runId, digest, untilMs: this.now() + this.boundMs, released, release };
    this.held.set(key, entry);
    void released.then(() => this.held.get(key) === entry && this.held.delete(key));
  }

  /** The verify of `runId` at `key` has run: a deploy waiting there goes ahead. */
  release(key: string, runId: string): void {
    const entry = this.held.get(key);
    if (entry?.runId === runId) entry.release();
  }

  /** Every hold of `runId` ends (its run ended): the keys it held. */
  releaseRun(runId: string): string[] {
    const keys = [...this.held].filter(([, entry]) => entry.runId === runId).map(([key]) => key);
    for (const key of keys) this.held.get(key)?.release();
    return keys;
  }

  /** What holds `key` now, if anything. */
  holder(key: string): Hold | undefined {
    const entry = this.held.get(key);
    return entry && asHold(entry);
  }

  /**
   * Waits until `key` is not held by another run than `runId` (a run's own hold never stops its
   * redelivered deploy), or its hold expires; a stopping deployer (`signal`) stops waiting with a
   * retryable error, so the deploy is delivered again.
   */
  async wait(key: string, runId: string, signal?: AbortSignal): Promise<Waited> {
    const entry = this.held.get(key);
    if (!entry || entry.runId === runId) return { kind: 'free' };
    const hold = asHold(entry);
    const began = this.now();
    let timer: NodeJS.Timeout | undefined;
    let onAbort = () => undefined as void;
    const outcome = await Promise.race([
      entry.released.then(() => 'released' as const),
      new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), Math.max(0, entry.untilMs - began)))),
      new Promise<'stopping'>((resolve) => {
        onAbort = () => resolve('stopping');
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (outcome === 'stopping') {
      throw new TransientError(`the deployer is stopping while this deploy waited for the verify of run ${hold.runId}: the deploy is delivered again`);
    }
    if (outcome === 'expired') entry.release();
    return { kind: outcome, hold, waitedMs: this.now() - began };
  }
}

function asHold({ runId, digest, untilMs }: Entry): Hold {
  return { runId, digest, untilMs };
}

/** A deploy's result, saying how it waited for the run before it: how long, and whether that run's verify came. */
export function noteWait<R extends { readonly outcome: string; readonly reason?: string }>(result: R, waited: Waited): R & { readonly reason?: string } {
  if (waited.kind === 'free') return result;
  const { hold } = waited;
  const seconds = (waited.waitedMs / 1000).toFixed(1);
  const note =
    waited.kind === 'released'
      ? `waited ${seconds} s for the verify of ${hold.digest} (run ${hold.runId}) here before rolling out`
      : `rolled out after waiting ${seconds} s without the verify of ${hold.digest} (run ${hold.runId}), which did not come within JETWAY_VERIFY_HOLD_MS of its deploy; that run's verify fails if it comes now`;
  return { ...result, reason: clampReason(result.reason ? `${note}; ${result.reason}` : note) };
}
