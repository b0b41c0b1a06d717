import { ulid } from 'ulid';
import type { ChangelogReply } from '@jetway/contracts';
import { CliError } from '../client/errors';
import type { JetwayClient } from '../client/jetway-client';
import { renderChangelog, type RenderOptions } from '../render';
import { entryToRestore, restoreRequestOf } from './infra-restore';
import type { ChangelogCommand, InfraRollbackCommand } from './parse-infra-args';

export interface InfraIo {
  out(text: string): void;
  render: RenderOptions;
  /** Who runs the command ($USER): who asked for a rollback unless --as says. */
  operator: string;
}

/** Every entry of a stack environment: what a rollback chooses from. */
const WHOLE_CHANGELOG = 1000;

function answered(reply: ChangelogReply): Extract<ChangelogReply, { ok: true }> {
  if (!reply.ok) throw new CliError(reply.error);
  return reply;
}

/** `jetway changelog <stack>`: the stack's applies, newest first. Exit 0, or 1 when the deployer could not answer. */
export async function runChangelog(command: ChangelogCommand, client: Pick<JetwayClient, 'changelog'>, io: InfraIo): Promise<number> {
  const reply = await client.changelog({ stack: command.stack, limit: command.limit, ...(command.environment && { environment: command.environment }) });
  if (command.json) {
    io.out(`${JSON.stringify(reply, null, 2)}\n`);
    return reply.ok ? 0 : 1;
  }
  io.out(`${renderChangelog(command.stack, answered(reply).entries, io.render, command.environment)}\n`);
  return 0;
}

/**
 * `jetway rollback <stack> --infra --env <env>`: reads the changelog, picks the entry to restore
 * (infra-restore.ts), publishes an infrastructure request with that entry's spec and `restores`
 * set, and prints the run and how to follow and approve it. The run goes through the gate like
 * any other: its files are checked to be the entry's, scanned, planned, reviewed, then applied.
 * Exit 0 once published; 1 when there is nothing to restore (the reason is printed).
 */
export async function runInfraRollback(command: InfraRollbackCommand, client: Pick<JetwayClient, 'changelog' | 'publishRequest'>, io: InfraIo): Promise<number> {
  const { entries } = answered(await client.changelog({ stack: command.stack, environment: command.environment, limit: WHOLE_CHANGELOG }));
  const entry = entryToRestore(entries, command);
  const asker = command.as ?? io.operator;
  const key = command.idempotencyKey ?? `infra-rollback-${command.stack}-${command.environment}-${entry.sequence}-${ulid()}`;
  const request = restoreRequestOf(entry, command, asker, key);
  const runId = await client.publishRequest(request);
  if (command.json) {
    io.out(`${JSON.stringify({ run_id: runId, stack: command.stack, environment: command.environment, restores: request.restores, approval: request.approval }, null, 2)}\n`);
    return 0;
  }
  const { approvers, auto_approve: auto } = request.approval;
  const review = `${approvers.join(', ')} ${approvers.length === 1 ? 'reviews' : 'review'} its plan${auto ? ', or policy approves it if it destroys nothing' : ''}`;
  io.out(
    [
      `rollback of ${command.stack} in ${command.environment} to changelog entry ${entry.sequence} (applied ${entry.applied_at} by run ${entry.run_id}, files ${entry.digest.slice(0, 19)}…), asked by ${asker}: run ${runId}`,
      `  through the gate: generate (the files must still be entry ${entry.sequence}'s), scan, plan, review (${review}), apply`,
      `  watch:   jetway status ${runId} --watch`,
      `  approve: jetway approve ${runId} --as <approver> --plan <hash>   (once the plan waits for review; jetway status shows its hash)`,
      '',
    ].join('\n'),
  );
  return 0;
}
