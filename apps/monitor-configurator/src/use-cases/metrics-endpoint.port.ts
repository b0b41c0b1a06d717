/** What one target answered to `GET http://<target>/metrics`. */
export type ScrapeAnswer =
  | { readonly answered: true; readonly status: number; readonly body: string }
  | { readonly answered: false; readonly error: string };

/**
 * Where a release's metrics are read, as Prometheus will scrape them. `scrape` never rejects:
 * a target that does not answer (refused, timed out) resolves `{ answered: false }` saying why.
 */
export interface MetricsEndpoint {
  scrape(target: string): Promise<ScrapeAnswer>;
}
