/**
 * Tells the monitoring system to read its configuration directory again once a bundle is
 * written (file_sd targets are watched, but `prometheus.yml` and rule files are not).
 *
 * `reload` resolves once the reload was accepted; it rejects with a `TransientError` (from
 * `@jetway/messaging`) when it was not, so the step is retried and the files rewritten.
 */
export interface ConfigReloader {
  reload(): Promise<void>;
}
