export { ProcessRuntime } from './process-runtime.driver';
export type { ProcessRuntimeOptions } from './process-runtime.driver';
export { HttpHealthProbe, waitHealthy } from './health-check.driver';
export { httpGetAnswer, httpGetStatus } from './http-get.driver';
