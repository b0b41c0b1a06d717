import type { Environment } from '@jetway/contracts';

/**
 * The stable entry point of (application, environment): users and verification hit `urlFor`,
 * the router forwards to the current backends. Switching releases is a backend swap.
 */
export interface TrafficRouter {
  /**
   * Replaces the backends (`host:port`) of (application, environment) in one step: a request
   * goes either to the old set or to the new one, never to a mix. An empty list means
   * "no backend": the router answers 503.
   */
  setBackends(application: string, environment: Environment, targets: readonly string[]): void;
  /** The backends currently serving (application, environment); empty when none. */
  backends(application: string, environment: Environment): readonly string[];
  /** The stable URL of (application, environment); it does not change across releases. */
  urlFor(application: string, environment: Environment): string;
  /**
   * Resolves once no request the router forwarded to any of `targets` is still in flight, or
   * after `timeoutMs`. Called after a swap and before the old targets are stopped, so stopping
   * an instance never cuts a request (or a connection being opened) the router sent it.
   */
  drained(targets: readonly string[], timeoutMs: number): Promise<void>;
}
