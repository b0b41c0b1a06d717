export { CommandBuildDriver } from './command-build.driver';
export { prepareWorkspace } from './workspace.driver';
export { runCommandBuild, type CommandBuildResult, type CommandBuildPaths } from './command.driver';
export { runCommand, buildEnvironment, readTail, LOG_TAIL_BYTES, type CommandRun, type RunCommandOptions } from './run-command.driver';
export { packOutput, packSource, sha256File, type PackResult } from './pack.driver';
