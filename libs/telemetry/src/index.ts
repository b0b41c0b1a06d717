export { startTelemetry, enablePropagation, contextFromTraceparent, tracerFor, injectTraceContext, extractTraceContext, activeTraceId } from './tracing';
export type { TelemetryOptions, HeaderCarrier } from './tracing';
export { createMetrics } from './metrics';
export type { Metrics } from './metrics';
export { startOpsServer } from './ops-server';
export type { OpsServer } from './ops-server';
export { JsonLogger, redact } from './logger';
