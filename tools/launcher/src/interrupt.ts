const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Thrown where the launcher stops because of Ctrl-C (or SIGTERM/SIGHUP). */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(readonly signal: string) {
    super(`stopped by ${signal}`);
  }
}

/**
 * Ctrl-C at any moment, not only once the mesh is up: the first signal makes the launcher wind
 * down through its normal path (stop services, nats-server, release the lock); a second one
 * calls `onSecond` (exit at once).
 */
export class Interrupt {
  private signal: string | undefined;
  private readonly waiters: ((signal: string) => void)[] = [];
  private readonly listener = (signal: NodeJS.Signals) => {
    if (this.signal) return this.onSecond(signal);
    this.signal = signal;
    for (const wake of this.waiters.splice(0)) wake(signal);
  };

  constructor(private readonly onSecond: (signal: string) => void) {
    for (const name of SIGNALS) process.on(name, this.listener);
  }

  /** Resolves with the signal's name once one arrived. */
  next(): Promise<string> {
    return this.signal ? Promise.resolve(this.signal) : new Promise((wake) => this.waiters.push(wake));
  }

  /** `work`, unless a signal arrives first: then InterruptedError (work that creates processes must not be raced). */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.next().then((signal) => Promise.reject(new InterruptedError(signal)))]);
  }

  /** Throws InterruptedError when a signal has arrived. */
  check(): void {
    if (this.signal) throw new InterruptedError(this.signal);
  }

  dispose(): void {
    for (const name of SIGNALS) process.off(name, this.listener);
  }
}
