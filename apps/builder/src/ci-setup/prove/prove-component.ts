import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ProveFinished, ProveTriggered } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { runCommand, type CommandRun } from '../../drivers/command';
import { measuredCoverage, type MeasuredCoverage } from './coverage';
import { missingToolchain, type Reachability } from './toolchain';

export type ComponentCommands = ProveTriggered['commands'][number];
export type Ran = NonNullable<ProveFinished['outputs']>['ran'][number];
type Phase = Ran['phase'];
const PHASES: readonly Phase[] = ['install', 'build', 'test'];

/** What proving one component came to. */
export type ComponentProof =
  | { kind: 'skipped'; reason: string }
  | { kind: 'proven'; ran: Ran[]; coverage?: MeasuredCoverage }
  /** `why` names the component, the phase and the exit code (or the coverage); `logTail` is that command's, absent when none ran. */
  | { kind: 'failed'; ran: Ran[]; coverage?: MeasuredCoverage; why: string; logTail?: string };

export interface ProveContext {
  /** The sandbox's project tree. */
  projectDir: string;
  env: NodeJS.ProcessEnv;
  /** Where each command's own log goes before it is appended to the step log. */
  logsDir: string;
  /** The step's whole log: every command's full output, in order. */
  stepLog: string;
  /** Epoch ms by which every command of the proof must be done (`timeout_seconds` from the start). */
  deadline: number;
  timeoutSeconds: number;
  coverageThreshold: number;
  reachable?: Reachability;
}

/**
 * Proves one component: checks its toolchain first (missing → skipped, with what was missing),
 * then runs install → build → test exactly as the generated pipelines do (`sh -c`, cwd = the
 * component's directory), stopping at the first command that fails or runs out of time. After the
 * test phase the measured line coverage is read; under `coverageThreshold` fails the component
 * even when the command itself did not enforce it.
 */
export async function proveComponent(component: ComponentCommands, context: ProveContext): Promise<ComponentProof> {
  const name = component.component;
  const cwd = await componentDir(context.projectDir, name);
  const phases = PHASES.flatMap((phase) => (component[phase] ? [{ phase, command: component[phase] }] : []));
  if (phases.length === 0) return skip(context, name, 'the generated pipelines give it no install, build or test command');
  const missing = await missingToolchain(phases.map((step) => step.command), { cwd, env: context.env, reachable: context.reachable });
  if (missing) return skip(context, name, missing);
  const ran: Ran[] = [];
  let coverage: MeasuredCoverage | undefined;
  for (const { phase, command } of phases) {
    const begun = Date.now();
    const remaining = (context.deadline - begun) / 1000;
    if (remaining <= 0) return { kind: 'failed', ran, why: `component ${name}: the proof used up its ${context.timeoutSeconds}s (timeout_seconds) before the ${phase} command` };
    const logPath = join(context.logsDir, `${ran.length}-${phase}.log`);
    await appendFile(context.stepLog, `== component ${name} · ${phase}: ${command}\n`);
    const run = await runCommand(command, { cwd, logPath, timeoutSeconds: remaining, env: context.env });
    ran.push({ component: name, phase, command, exit_code: run.exitCode ?? -1, duration_ms: Date.now() - begun });
    await appendLog(context.stepLog, logPath, run, Date.now() - begun);
    if (phase === 'test') coverage = await coverageOf(context, cwd, name, logPath, begun);
    const failure = failureOf(name, phase, run, coverage, context);
    if (failure) return { kind: 'failed', ran, coverage, why: failure, logTail: run.logTail };
  }
  return { kind: 'proven', ran, coverage };
}

function failureOf(name: string, phase: Phase, run: CommandRun, coverage: MeasuredCoverage | undefined, context: ProveContext): string | undefined {
  const under = coverage !== undefined && coverage.percent < context.coverageThreshold;
  const coverageWords = `line coverage ${coverage?.percent}% is below the required ${context.coverageThreshold}%`;
  if (run.timedOut) return `component ${name}: the ${phase} command did not finish within the proof's ${context.timeoutSeconds}s (timeout_seconds)`;
  if (run.exitCode !== 0) {
    const how = run.exitCode === null ? `was killed by ${run.signal ?? 'a signal'}` : `exited with code ${run.exitCode}`;
    return `component ${name}: the ${phase} command ${how}${under ? ` (${coverageWords})` : ''}`;
  }
  if (under) return `component ${name}: ${coverageWords} (measured from ${coverage.source}; the test command passed without enforcing it)`;
  return undefined;
}

async function coverageOf(context: ProveContext, cwd: string, name: string, logPath: string, since: number): Promise<MeasuredCoverage | undefined> {
  const coverage = await measuredCoverage(cwd, await readFile(logPath, 'utf8'), since);
  const line = coverage ? `line coverage ${coverage.percent}% (from ${coverage.source})` : 'no line coverage report found';
  await appendFile(context.stepLog, `== component ${name}: ${line}\n`);
  return coverage;
}

async function skip(context: ProveContext, name: string, reason: string): Promise<ComponentProof> {
  await appendFile(context.stepLog, `== component ${name} skipped: ${reason}\n`);
  return { kind: 'skipped', reason };
}

/** Appends a command's whole log (streamed: it may be large) and how it ended to the step log. */
async function appendLog(stepLog: string, logPath: string, run: CommandRun, durationMs: number): Promise<void> {
  await pipeline(createReadStream(logPath), createWriteStream(stepLog, { flags: 'a' }));
  const ended = run.timedOut ? 'timed out' : run.exitCode === null ? `killed by ${run.signal ?? 'a signal'}` : `exit ${run.exitCode}`;
  const newline = run.logTail === '' || run.logTail.endsWith('\n') ? '' : '\n';
  await appendFile(stepLog, `${newline}== ${ended} after ${durationMs} ms\n`);
}

/** The component's directory inside the project tree; anything else is a defect of the generated commands. */
export async function componentDir(projectDir: string, component: string): Promise<string> {
  const dir = resolve(projectDir, component);
  const inside = relative(projectDir, dir);
  if (isAbsolute(component) || inside === '..' || inside.startsWith(`..${sep}`)) {
    throw new PermanentError(`commands: component '${component}' is not a path inside the project`);
  }
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new PermanentError(`commands: component '${component}' is not a directory of the project tree`);
  return dir;
}
