import type { Route, RouteBackend } from '../use-cases/weighted-router.port';

/** Which backends of a route a request may go to: the stable URL's sets, or the preview URL's. */
export type Scope = 'main' | 'preview';

/** One set of backends of a route, taken round-robin. */
export class Pool {
  private next = 0;

  constructor(
    readonly name: 'stable' | 'canary' | 'preview',
    readonly backends: readonly RouteBackend[],
  ) {}

  /** The next backend round-robin, skipping the targets this request already tried. */
  take(tried: ReadonlySet<string> = new Set()): RouteBackend | undefined {
    for (let n = 0; n < this.backends.length; n += 1) {
      const backend = this.backends[this.next++ % this.backends.length];
      if (backend !== undefined && !tried.has(backend.target)) return backend;
    }
    return undefined;
  }
}

/**
 * A route as the router serves it: its pools and the state of the weighted choice between
 * stable and canary. Smooth weighted round-robin (nginx's): each request adds each set's weight
 * to its credit and goes to the set with the most credit, which then pays the total back. The
 * split is exact over every 100 requests (weight 25: 25 of each 100 to the canary, spread out,
 * never in a burst) and deterministic, so a test can count it.
 */
class Served {
  readonly stable: Pool;
  readonly canary: Pool | undefined;
  readonly preview: Pool;
  private readonly canaryWeight: number;
  private stableCredit = 0;
  private canaryCredit = 0;

  constructor(readonly route: Route) {
    this.stable = new Pool('stable', route.stable);
    this.canary = route.canary && route.canary.backends.length > 0 ? new Pool('canary', route.canary.backends) : undefined;
    this.canaryWeight = this.canary ? Math.min(100, Math.max(0, route.canary?.weight ?? 0)) : 0;
    this.preview = new Pool('preview', route.preview ?? []);
  }

  /** The pool the next request of the stable URL goes to; the other set when the chosen one is empty. */
  choose(): Pool | undefined {
    const canary = this.canary;
    if (!canary || this.canaryWeight === 0) return this.nonEmpty(this.stable);
    if (this.canaryWeight === 100 || this.stable.backends.length === 0) return canary;
    this.stableCredit += 100 - this.canaryWeight;
    this.canaryCredit += this.canaryWeight;
    if (this.canaryCredit > this.stableCredit) {
      this.canaryCredit -= 100;
      return canary;
    }
    this.stableCredit -= 100;
    return this.stable;
  }

  private nonEmpty(pool: Pool): Pool | undefined {
    return pool.backends.length > 0 ? pool : undefined;
  }
}

/**
 * The routes of every (application, environment), keyed `<app>/<env>`. Setting a route replaces
 * it as one value: a request picks its pool from the old route or the new one, never a mix.
 */
export class RouteTable {
  private readonly served = new Map<string, Served>();

  set(key: string, route: Route): void {
    this.served.set(key, new Served(route));
  }

  get(key: string): Route | undefined {
    return this.served.get(key)?.route;
  }

  /** Every route, by key. */
  entries(): [string, Route][] {
    return [...this.served].map(([key, served]) => [key, served.route]);
  }

  /**
   * The pool a new request goes to: on the stable URL (`main`) the canary set with its weight and
   * the stable set with the rest; on the preview URL only the preview set. Undefined when that has
   * no backend (the router answers 503).
   */
  choose(key: string, scope: Scope): Pool | undefined {
    const served = this.served.get(key);
    if (!served) return undefined;
    if (scope === 'preview') return served.preview.backends.length > 0 ? served.preview : undefined;
    return served.choose();
  }

  /** The release labels of every backend in any route (their metrics are kept). */
  releases(): Set<string> {
    const labels = new Set<string>();
    for (const { route } of this.served.values()) {
      for (const backend of [...route.stable, ...(route.canary?.backends ?? []), ...(route.preview ?? [])]) labels.add(backend.release);
    }
    return labels;
  }
}
