import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readApproverSeed } from './client/approver-seed';
import { CliError, JetwayClient } from './client/jetway-client';
import { servingOf } from './client/serving';
import { embeddedNatsUrl } from './client/state-dirs';
import {
  loadRequestFile,
  parseCliArgs,
  printLogs,
  printReport,
  RequestFileError,
  runApprovers,
  runChangelog,
  runDlq,
  runDrift,
  runHistory,
  runInfraRollback,
  runOperatorDecision,
  runRollback,
  runRuns,
  usage,
  watchRun,
  UsageError,
  type CliInvocation,
} from './commands';
import { renderSummary, type RenderOptions } from './render';

export { watchRun };

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Raw bytes to stdout (a report file redirected into a file). */
  write?(bytes: Buffer): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** State directories (`.jetway`) to look in for the embedded NATS URL and approvers' seeds; see stateDirsOf. */
  stateDirs: readonly string[];
  /** The user's home directory (~/.config/jetway/approvers). */
  home: string;
  color: boolean;
}

/** The checkout's version (package.json), for `jetway --version`. */
function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
}

/** Where to find NATS: --nats, then JETWAY_NATS_URL, then the one `npm start` runs, then the default port. */
export function natsUrl(invocation: CliInvocation, io: CliIo): string {
  if (invocation.nats) return invocation.nats;
  if (io.env['JETWAY_NATS_URL']) return io.env['JETWAY_NATS_URL'];
  return embeddedNatsUrl(io.stateDirs) ?? 'nats://127.0.0.1:4222';
}

/** The NATS user, as the services read it: JETWAY_NATS_USER and JETWAY_NATS_PASSWORD. */
export function natsAuth(env: NodeJS.ProcessEnv): { user?: string; pass?: string } {
  const user = env['JETWAY_NATS_USER'];
  return user ? { user, pass: env['JETWAY_NATS_PASSWORD'] ?? '' } : {};
}

/** Runs one `jetway` command and returns its exit status: 0 ok, 1 failed run or error (or nothing to roll back to), 2 usage, 3 drift found (`jetway drift`). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let invocation: CliInvocation;
  try {
    invocation = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`jetway: ${error.message}\n\n${usage(error.topic)}\n`);
    return error.exitCode;
  }
  if (invocation.command === 'version') {
    io.out(`jetway ${cliVersion()} (Node ${process.version})\n`);
    return 0;
  }
  if (invocation.command === 'help') {
    io.out(`${usage(invocation.topic)}\n`);
    return 0;
  }
  let client: JetwayClient | undefined;
  try {
    client = await JetwayClient.connect(natsUrl(invocation, io), natsAuth(io.env));
    return await execute(invocation, client, io);
  } catch (error) {
    if (error instanceof CliError || error instanceof RequestFileError) {
      io.err(`jetway: ${error.message}\n`);
      return error instanceof CliError ? error.exitCode : 2;
    }
    throw error;
  } finally {
    await client?.close();
  }
}

async function execute(invocation: Exclude<CliInvocation, { command: 'help' | 'version' }>, client: JetwayClient, io: CliIo): Promise<number> {
  const render: RenderOptions = { color: io.color };
  const operator = io.env['USER'] ?? io.env['LOGNAME'] ?? 'unknown';
  const operatorIo = { out: io.out, render, seeds: { env: io.env, stateDirs: io.stateDirs, home: io.home } };
  switch (invocation.command) {
    case 'publish': {
      const request = await loadRequestFile(invocation.file, { idempotencyKey: invocation.idempotencyKey });
      const runId = await client.publishRequest(request);
      io.out(`${runId}\n`);
      if (!invocation.watch) return 0;
      const run = await watchRun(client, runId, io, render);
      return run.status === 'succeeded' ? 0 : 1;
    }
    case 'status': {
      if (invocation.watch) {
        const run = await watchRun(client, invocation.runId, io, render, { summary: !invocation.json });
        if (invocation.json) io.out(`${JSON.stringify(run, null, 2)}\n`);
        return run.status === 'succeeded' ? 0 : 1;
      }
      const run = await client.status(invocation.runId);
      io.out(invocation.json ? `${JSON.stringify(run, null, 2)}\n` : `${renderSummary(run, { ...render, serving: await servingOf(run.urls) })}\n`);
      return 0;
    }
    case 'approve':
    case 'reject': {
      const decision = invocation.command === 'approve' ? 'approved' : 'rejected';
      const seedOf = () => readApproverSeed(invocation.as, { keyFile: invocation.key, env: io.env, stateDirs: io.stateDirs, home: io.home }).seed;
      const step = await client.decide(invocation.runId, decision, invocation.as, seedOf, invocation.comment, invocation.plan);
      io.out(`${decision} ${step} of run ${invocation.runId} as ${invocation.as}${invocation.plan ? ` for plan ${invocation.plan.slice(0, 12)}…` : ''} (signed)\n`);
      return 0;
    }
    case 'promote':
    case 'abort':
    case 'cancel':
      return runOperatorDecision(invocation, client, operatorIo);
    case 'rollback':
      return runRollback(invocation, client, operatorIo, (runId) => watchRun(client, runId, invocation.json ? { out: () => undefined } : io, render));
    case 'history':
      return runHistory(invocation, client, operatorIo);
    case 'runs':
      return runRuns(invocation, client, operatorIo);
    case 'logs':
      return printLogs(await client.status(invocation.runId), invocation.step, (name) => client.stepObject(name), io.out);
    case 'report':
      return printReport(await client.status(invocation.runId), invocation.step, (name) => client.stepObject(name), io.write ?? ((b) => io.out(b.toString('utf8'))));
    case 'drift':
      return runDrift(invocation, client, { out: io.out, render });
    case 'changelog':
      return runChangelog(invocation, client, { out: io.out, render, operator });
    case 'infra-rollback':
      return runInfraRollback(invocation, client, { out: io.out, render, operator });
    case 'dlq':
      return runDlq(invocation, client.deadLetters(), { out: io.out, cwd: io.cwd, operator, render });
    case 'approvers':
      return runApprovers(invocation, await client.approvers(), { out: io.out, operator, home: io.home }).catch((error: Error) => {
        if (error instanceof CliError) throw error;
        if (invocation.action === 'list') throw new CliError(`could not read KV jetway-approvers (${error.message}): is the mesh running?`);
        throw new CliError(`could not ${invocation.action} ${invocation.name} (${error.message}): that needs a NATS user allowed to write KV jetway-approvers (the ops user: JETWAY_NATS_USER=ops)`);
      });
  }
}
