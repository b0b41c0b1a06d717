// The monitoring stack driver's door: the port the use cases call, its implementation over a
// stack directory and three URLs, and the launcher `npm start` uses to run the stack.
export type { ApplyResult, MonitoringStackPort, StackLogs, StackServer, StackUrls, VerifyResult } from './stack.port';
export { STACK_SERVERS } from './stack.port';
export { MonitoringStackDriver } from './monitoring-stack.driver';
export type { MonitoringStackOptions } from './monitoring-stack.driver';
export { StackApplyError, StackMergeError, StackUnreachableError, StackVerifyError } from './stack.errors';
export type { StackBase } from './stack-layout';
export { findStackBinary, missingStackPackages, MissingStackBinaryError, startStackProcesses } from './stack-processes';
export type { StackProcesses, StackProcessOptions } from './stack-processes';
