/** The deployment pipeline's monitor step's `MonitorReleaseDeps`. */
export const RELEASE_DEPS = Symbol('jetway.monitor-configurator.release-deps');
/** The monitoring setup steps' `SetupDeps`. */
export const SETUP_DEPS = Symbol('jetway.monitor-configurator.setup-deps');
