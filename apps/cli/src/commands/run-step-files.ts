import type { RunStatusView } from '@jetway/contracts';
import { CliError } from '../client/errors';

type Step = RunStatusView['steps'][number];

/** Reads a step's stored file (log or report) by object name; undefined when it is not stored. */
export type ObjectReader = (name: string) => Promise<Buffer | undefined>;

/** The report a step keeps: the scan's SARIF, named in its outputs. */
export function reportObjectOf(step: Step): string | undefined {
  const name = step.outputs?.['sarif_object'];
  return typeof name === 'string' ? name : undefined;
}

/** Whether a step keeps a log: inline in the run status (a small one), or as a stored object. */
function hasLog(step: Step): boolean {
  return step.log !== undefined || Boolean(step.log_object);
}

/** A step's log text: the inline one, or the stored object read by name. */
async function logOf(step: Step, read: ObjectReader): Promise<string> {
  if (step.log !== undefined) return step.log;
  if (!step.log_object) throw new CliError(`step ${step.step_id} keeps no log (${step.status}${step.outcome ? `, ${step.outcome}` : ''})`);
  const bytes = await read(step.log_object);
  if (!bytes) throw new CliError(`the log of ${step.step_id} (${step.log_object}) is no longer in the artifact store`);
  return bytes.toString('utf8');
}

function stepOf(run: RunStatusView, stepId: string): Step {
  const step = run.steps.find((s) => s.step_id === stepId);
  if (!step) throw new CliError(`run ${run.run_id} has no step ${stepId}; its steps are ${run.steps.map((s) => s.step_id).join(', ')}`, 2);
  return step;
}

/**
 * `jetway logs`: one step's log, or every step's that has one, each under a header: the inline
 * text the run status carries (a small log), else the stored object it names. A step that keeps
 * no log, or a log the store no longer has, is said plainly — never an empty success.
 */
export async function printLogs(run: RunStatusView, stepId: string | undefined, read: ObjectReader, out: (text: string) => void): Promise<number> {
  const steps = stepId ? [stepOf(run, stepId)] : run.steps.filter(hasLog);
  if (steps.length === 0) throw new CliError(`no step of run ${run.run_id} has a log yet (steps keep one once they finish)`);
  for (const step of steps) {
    const text = await logOf(step, read);
    if (!stepId) out(`==> ${step.step_id} <==\n`);
    out(text);
    if (!stepId) out('\n');
  }
  return 0;
}

/** `jetway report`: the step's report file as stored, byte for byte (redirect it into a file). */
export async function printReport(run: RunStatusView, stepId: string, read: ObjectReader, out: (bytes: Buffer) => void): Promise<number> {
  const step = stepOf(run, stepId);
  const name = reportObjectOf(step);
  if (!name) throw new CliError(`step ${stepId} keeps no report${step.status === 'finished' ? '' : ' yet (it has not finished)'}; the scan step keeps its SARIF`);
  const bytes = await read(name);
  if (!bytes) throw new CliError(`the report of ${stepId} (${name}) is no longer in the artifact store`);
  out(bytes);
  return 0;
}
