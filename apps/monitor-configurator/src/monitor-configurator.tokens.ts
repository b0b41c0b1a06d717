/** The `ConfigDir` the bundles are written to: one instance, so writes to it are serialised. */
export const CONFIG_DIR = Symbol('jetway.monitor-configurator.config-dir');
/** The `ConfigReloader` called after each bundle. */
export const CONFIG_RELOADER = Symbol('jetway.monitor-configurator.config-reloader');
/** The `MetricsEndpoint` each target's metrics are checked through before the step succeeds. */
export const METRICS_ENDPOINT = Symbol('jetway.monitor-configurator.metrics-endpoint');
/** The monitoring setup steps' `SetupDeps`. */
export const SETUP_DEPS = Symbol('jetway.monitor-configurator.setup-deps');
