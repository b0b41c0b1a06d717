export { parseCliArgs, type CliCommand, type CliInvocation } from './parse-cli-args';
export { loadRequestFile, RequestFileError, type LoadRequestOptions } from './load-request-file';
export { UsageError } from './usage-error';
export { usage, COMMANDS, type CommandName } from './usage';
export { runDlq, type DlqIo } from './run-dlq';
export type { DlqCommand } from './parse-dlq-args';
export { runApprovers, writeNewSeed, type ApproversIo } from './run-approvers';
export { printLogs, printReport, reportObjectOf, type ObjectReader } from './run-step-files';
export type { ApproversCommand } from './parse-approvers-args';
