export { runCli, watchRun, natsUrl } from './run-cli';
export type { CliIo } from './run-cli';
export { JetwayClient, CliError } from './client/jetway-client';
export { loadRequestFile, writeNewSeed } from './commands';
export { renderSummary } from './render';
