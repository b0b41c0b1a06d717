export { NoopBuildDriver, NOOP_MANIFEST } from './noop-build.driver';
