export { NoopHealthProbe, NoopRuntime } from './noop-runtime.driver';
