import { CliError } from '../client/errors';
import type { JetwayClient } from '../client/jetway-client';
import { driftExitCode, renderDrift, type RenderOptions } from '../render';
import type { DriftCommand } from './parse-drift-args';

export interface DriftIo {
  out(text: string): void;
  render: RenderOptions;
}

/**
 * `jetway drift <stack>`: asks the deployer to check now and prints the answer per environment.
 * Exit 0 when every environment is in sync, 3 when any drifted, 1 when it could not check (the
 * deployer's refusal, or an environment whose check could not run).
 */
export async function runDrift(command: DriftCommand, client: Pick<JetwayClient, 'drift'>, io: DriftIo): Promise<number> {
  const reply = await client.drift({ stack: command.stack, ...(command.environment && { environment: command.environment }) });
  if (command.json) io.out(`${JSON.stringify(reply, null, 2)}\n`);
  if (!reply.ok) {
    if (command.json) return 1;
    throw new CliError(reply.error);
  }
  if (!command.json) io.out(`${renderDrift(reply, io.render)}\n`);
  return driftExitCode(reply);
}
