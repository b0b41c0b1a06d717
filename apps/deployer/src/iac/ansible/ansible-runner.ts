import { AnsibleRunError, AnsibleSyntaxError, NotIdempotentError } from './ansible-errors';
import { runAnsible, type AnsibleOutcome } from './ansible-process';
import { type AnsibleReport, changedTasks, parseEvents, problems } from './ansible-report';
import { ansibleMessage, errorLocation } from './syntax-message';

export interface AnsibleRunnerOptions {
  /** The `ansible-playbook` program; from PATH unless given. */
  binary?: string;
  /** Per run; the process group is killed after it (default 5 minutes). */
  timeoutMs?: number;
}

/**
 * The configuration stage of an infrastructure run, with ansible-playbook for real:
 * `syntaxCheck` → `checkDiff` (the plan shown at the review gate) → `apply` → `assertIdempotent`.
 * `inventory` is what `-i` takes: an inventory file's path, or hosts as `"host1,host2,"`.
 */
export class AnsibleRunner {
  private readonly timeoutMs: number;

  constructor(private readonly options: AnsibleRunnerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 300_000;
  }

  /** Resolves when the playbook parses; else throws `AnsibleSyntaxError` with ansible's message and file/line. */
  async syntaxCheck(playbookPath: string, inventory: string): Promise<void> {
    const outcome = await this.run(['--syntax-check', '-i', inventory, playbookPath]);
    if (outcome.exitCode !== 0) throw syntaxError(playbookPath, outcome.output);
  }

  /**
   * `--check --diff`: what an apply would change, touching nothing. Failed or unreachable hosts
   * are in the report's counts rather than thrown (in check mode a task may fail only because an
   * earlier one did not really run); the caller decides.
   */
  async checkDiff(playbookPath: string, inventory: string): Promise<AnsibleReport> {
    return reportOf(playbookPath, await this.run(['--check', '--diff', '-i', inventory, playbookPath]));
  }

  /** Applies the playbook (with diffs); throws `AnsibleRunError` when a task failed or a host was unreachable. */
  async apply(playbookPath: string, inventory: string): Promise<AnsibleReport> {
    const report = reportOf(playbookPath, await this.run(['--diff', '-i', inventory, playbookPath]));
    const failing = problems(report);
    if (failing.length > 0) {
      throw new AnsibleRunError(`applying ${playbookPath} failed on ${failing.join('; ')}`, null, JSON.stringify(report.tasks));
    }
    return report;
  }

  /**
   * Applies again after an apply and requires no change: throws `NotIdempotentError` naming the
   * tasks that changed.
   */
  async assertIdempotent(playbookPath: string, inventory: string): Promise<AnsibleReport> {
    const report = await this.apply(playbookPath, inventory);
    const changed = changedTasks(report);
    if (changed.length > 0) throw new NotIdempotentError(changed);
    return report;
  }

  private run(args: string[]): Promise<AnsibleOutcome> {
    return runAnsible(args, { binary: this.options.binary, timeoutMs: this.timeoutMs });
  }
}

function syntaxError(playbookPath: string, output: string): AnsibleSyntaxError {
  return new AnsibleSyntaxError(playbookPath, ansibleMessage(output), errorLocation(output));
}

/** The run's report; a run that ended before its recap is a parse error or an ansible error. */
function reportOf(playbookPath: string, outcome: AnsibleOutcome): AnsibleReport {
  const report = parseEvents(outcome.events);
  if (report && Object.keys(report.hosts).length === 0) {
    // No host ran a task: "nothing to change" here would hide a wrong inventory or host pattern.
    throw new AnsibleRunError(
      `no host of the inventory matched the plays of ${playbookPath}: check the inventory and the plays' hosts:`,
      outcome.exitCode,
      outcome.output,
    );
  }
  if (report) return report;
  if (errorLocation(outcome.output)) throw syntaxError(playbookPath, outcome.output);
  throw new AnsibleRunError(
    `ansible-playbook stopped before running ${playbookPath} (exit ${outcome.exitCode}): ${ansibleMessage(outcome.output)}`,
    outcome.exitCode,
    outcome.output,
  );
}
