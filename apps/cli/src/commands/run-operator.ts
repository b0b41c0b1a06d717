import { ulid } from 'ulid';
import { operatorSigningText, RollbackRequest, rollbackSigningText, type RunStatusView } from '@jetway/contracts';
import { readApproverSeed, type SeedLookup } from '../client/approver-seed';
import { CliError } from '../client/errors';
import type { JetwayClient } from '../client/jetway-client';
import { operatorEventId, operatorTarget, operatorVerdict, signText } from '../client/operator-checks';
import { renderHistory, renderRunList, type RenderOptions } from '../render';
import type { HistoryCommand, OperatorCommand, RollbackCommand, RunsCommand } from './parse-operator-args';

export interface OperatorIo {
  out(text: string): void;
  /** Where the operator's seed is looked for (as for approvals). */
  seeds: Omit<SeedLookup, 'keyFile'>;
  render: RenderOptions;
  /** How long to wait for the planner to apply a decision. */
  verdictTimeoutMs?: number;
}

type Client = Pick<JetwayClient, 'status' | 'assertEnrolled' | 'publishOperatorDecision'>;

/** The seed of `name`, checked to be the key enrolled for them before anything is signed with it. */
async function enrolledSeed(client: Pick<JetwayClient, 'assertEnrolled'>, name: string, keyFile: string | undefined, io: OperatorIo): Promise<string> {
  const { seed } = readApproverSeed(name, { ...io.seeds, ...(keyFile !== undefined && { keyFile }) });
  await client.assertEnrolled(name, seed);
  return seed;
}

/**
 * `promote` / `abort` / `cancel`: checks what the planner would refuse, signs the decision with
 * the operator's enrolled seed, publishes it, and waits for the planner's verdict: exit 0 once it
 * applied it, 1 when it refused (its note is printed) or never answered, 2 for who may not.
 */
export async function runOperatorDecision(command: OperatorCommand, client: Client, io: OperatorIo): Promise<number> {
  const { runId, command: action, as } = command;
  const run = await client.status(runId);
  const target = operatorTarget(run, action, as);
  const seed = await enrolledSeed(client, as, command.key, io);
  const unsigned = { run_id: runId, action, approver: as, ...(command.comment ? { comment: command.comment } : {}) };
  const event = { ...unsigned, signature: signText(seed, operatorSigningText(unsigned)) };
  await client.publishOperatorDecision(event, operatorEventId(runId, action, as, target), run.traceparent);
  const timeoutMs = io.verdictTimeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const verdict = operatorVerdict(await client.status(runId), action, as, target, run.notes?.length ?? 0);
    if (verdict && 'refused' in verdict) throw new CliError(`the planner refused it: ${verdict.refused}`);
    if (verdict) {
      io.out(`${action} of run ${runId} as ${as} (signed): ${verdict.done}\n`);
      return 0;
    }
    if (Date.now() > deadline) throw new CliError(`sent the ${action} of run ${runId} as ${as} (signed), but the planner did not apply it within ${timeoutMs / 1000}s: is the planner running? (jetway status ${runId})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * `rollback`: a signed rollback request, published like any request (its idempotency key makes
 * a repeat the same run), then followed until it ends: exit 0 when it succeeded.
 */
export async function runRollback(
  command: RollbackCommand,
  client: Pick<JetwayClient, 'assertEnrolled' | 'publishRequest'>,
  io: OperatorIo,
  follow: (runId: string) => Promise<RunStatusView>,
): Promise<number> {
  const seed = await enrolledSeed(client, command.as, command.key, io);
  const request = RollbackRequest.parse({
    kind: 'rollback',
    idempotency_key: command.idempotencyKey ?? `rollback-${command.application}-${command.environment}-${ulid()}`,
    requested_by: command.as,
    application_name: command.application,
    environment: command.environment,
    approver: command.as,
    ...(command.to !== undefined && { to_digest: command.to }),
    ...(command.reason !== undefined && { reason: command.reason }),
  });
  const runId = await client.publishRequest({ ...request, signature: signText(seed, rollbackSigningText(request)) });
  if (!command.json) io.out(`rollback of ${command.application} in ${command.environment} as ${command.as} (signed): run ${runId}\n`);
  const run = await follow(runId);
  if (command.json) io.out(`${JSON.stringify(run, null, 2)}\n`);
  return run.status === 'succeeded' ? 0 : 1;
}

/** `history`: what served an application, newest first. */
export async function runHistory(command: HistoryCommand, client: Pick<JetwayClient, 'history'>, io: Pick<OperatorIo, 'out' | 'render'>): Promise<number> {
  const releases = await client.history({ application: command.application, limit: command.limit, ...(command.environment && { environment: command.environment }) });
  io.out(command.json ? `${JSON.stringify(releases, null, 2)}\n` : `${renderHistory(command.application, releases, io.render)}\n`);
  return 0;
}

/** `runs`: runs newest first, filtered. */
export async function runRuns(command: RunsCommand, client: Pick<JetwayClient, 'runs'>, io: Pick<OperatorIo, 'out' | 'render'>): Promise<number> {
  const { kind, application, status, limit } = command;
  const { runs, more } = await client.runs({ limit, ...(kind && { kind }), ...(application && { application }), ...(status && { status }) });
  io.out(command.json ? `${JSON.stringify({ runs, more }, null, 2)}\n` : `${renderRunList(runs, more, io.render)}\n`);
  return 0;
}
