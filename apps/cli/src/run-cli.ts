import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStatusView } from '@jetway/contracts';
import { CliError, JetwayClient } from './client/jetway-client';
import { loadRequestFile, parseCliArgs, RequestFileError, runDlq, usage, UsageError, type CliInvocation } from './commands';
import { renderStepLine, renderSummary, type RenderOptions } from './render';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  color: boolean;
}

/** Where to find NATS: --nats, then JETWAY_NATS_URL, then the one `npm start` runs, then the default port. */
export function natsUrl(invocation: CliInvocation, io: CliIo): string {
  if (invocation.nats) return invocation.nats;
  if (io.env['JETWAY_NATS_URL']) return io.env['JETWAY_NATS_URL'];
  const local = join(io.cwd, '.jetway', 'nats.url');
  return existsSync(local) ? readFileSync(local, 'utf8').trim() : 'nats://127.0.0.1:4222';
}

/** The NATS user, as the services read it: JETWAY_NATS_USER and JETWAY_NATS_PASSWORD. */
export function natsAuth(env: NodeJS.ProcessEnv): { user?: string; pass?: string } {
  const user = env['JETWAY_NATS_USER'];
  return user ? { user, pass: env['JETWAY_NATS_PASSWORD'] ?? '' } : {};
}

/** Runs one `jetway` command and returns its exit status: 0 ok, 1 failed run or error, 2 usage. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let invocation: CliInvocation;
  try {
    invocation = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`jetway: ${error.message}\n\n${usage(error.topic)}\n`);
    return error.exitCode;
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

async function execute(invocation: Exclude<CliInvocation, { command: 'help' }>, client: JetwayClient, io: CliIo): Promise<number> {
  const render: RenderOptions = { color: io.color };
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
      const run = await client.status(invocation.runId);
      io.out(invocation.json ? `${JSON.stringify(run, null, 2)}\n` : `${renderSummary(run, render)}\n`);
      return 0;
    }
    case 'approve':
    case 'reject': {
      const decision = invocation.command === 'approve' ? 'approved' : 'rejected';
      const step = await client.decide(invocation.runId, decision, invocation.as, invocation.comment);
      io.out(`${decision} ${step} of run ${invocation.runId} as ${invocation.as}\n`);
      return 0;
    }
    case 'dlq':
      return runDlq(invocation, client.deadLetters(), { out: io.out, cwd: io.cwd, operator: io.env['USER'] ?? io.env['LOGNAME'] ?? 'unknown', render });
  }
}

/** Prints each step as its state changes, then the summary. */
export async function watchRun(client: JetwayClient, runId: string, io: Pick<CliIo, 'out'>, render: RenderOptions): Promise<RunStatusView> {
  const shown = new Map<string, string>();
  const run = await client.watch(runId, (view) => {
    for (const step of view.steps) {
      const line = renderStepLine(step, render);
      if (shown.get(step.step_id) !== `${step.status}/${step.outcome}` && step.status !== 'pending') io.out(`${line}\n`);
      shown.set(step.step_id, `${step.status}/${step.outcome}`);
    }
  });
  io.out(`\n${renderSummary(run, render)}\n`);
  return run;
}
