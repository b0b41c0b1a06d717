import type { Environment } from '@jetway/contracts';

/**
 * The header the router sets on every answer it forwards: the release label of the backend that
 * answered (`releaseLabel`), replacing any the backend sent. Verify reads it to prove the release
 * it checks is the one that answered.
 */
export const RELEASE_HEADER = 'x-jetway-release';

/** One backend of a route: an instance and the release it runs (the label the router's metrics carry). */
export interface RouteBackend {
  readonly target: string;
  /** The release label: the digest (or release id) the instance runs. */
  readonly release: string;
}

/**
 * What (application, environment) serves: the stable set, optionally a canary set taking
 * `weight` percent of requests, and optionally a preview set reachable only on the preview URL
 * (blue-green before promotion). Set as one value: a request goes to the old route or the new one.
 */
export interface Route {
  readonly stable: readonly RouteBackend[];
  readonly canary?: { readonly backends: readonly RouteBackend[]; readonly weight: number };
  readonly preview?: readonly RouteBackend[];
}

/**
 * The traffic router of the local platform as the rollout strategies drive it. It runs as its
 * own process that outlives the deployer (a deployer restart drops no request): routes are sent
 * to it, and it keeps serving the last ones while no deployer runs.
 */
export interface WeightedRouter {
  /** Replaces the route of (application, environment) atomically; resolves once the router serves it. */
  setRoute(application: string, environment: Environment, route: Route): Promise<void>;
  /** The route served now, or undefined. */
  route(application: string, environment: Environment): Promise<Route | undefined>;
  /** The stable URL of (application, environment). */
  urlFor(application: string, environment: Environment): string;
  /** The URL that reaches only the preview set (blue-green before promotion). */
  previewUrlFor(application: string, environment: Environment): string;
  /**
   * Resolves once no request the router forwarded to any of `targets` is in flight, or after
   * `timeoutMs`: called before the old targets are stopped.
   */
  drained(targets: readonly string[], timeoutMs: number): Promise<void>;
}
