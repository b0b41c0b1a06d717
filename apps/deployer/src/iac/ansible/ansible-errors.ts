import { PermanentError, TransientError } from '@jetway/messaging';

/** `ansible-playbook` is not on PATH: installing it is the fix, retrying is not. */
export class AnsibleMissingError extends PermanentError {
  constructor(cause?: unknown) {
    super('ansible-playbook not found on PATH: install it with `sudo apt-get install ansible-core` (Debian)', { cause });
  }
}

/** The playbook does not parse: ansible's own message, with the file and line it points at. */
export class AnsibleSyntaxError extends PermanentError {
  constructor(
    readonly playbook: string,
    readonly ansibleMessage: string,
    readonly location: { file: string; line: number; column: number } | undefined,
  ) {
    const where = location ? `${location.file}:${location.line}:${location.column}` : playbook;
    super(`playbook ${playbook} does not parse (${where}): ${ansibleMessage} — fix the playbook and run again`);
  }
}

/** A run took longer than its timeout: the process group was killed; a later run may succeed. */
export class AnsibleTimeoutError extends TransientError {
  constructor(readonly args: readonly string[], readonly timeoutMs: number) {
    super(`ansible-playbook ${args.join(' ')} did not finish within ${timeoutMs} ms and was stopped; raise timeoutMs or look at the hosts`);
  }
}

/** Ansible ran but a task failed or a host was unreachable (or ansible exited with no report). */
export class AnsibleRunError extends PermanentError {
  constructor(message: string, readonly exitCode: number | null, readonly output: string) {
    super(message);
  }
}

/** A second apply still changed something: the playbook is not idempotent. */
export class NotIdempotentError extends PermanentError {
  constructor(readonly changedTasks: readonly string[]) {
    super(
      `the second apply changed ${changedTasks.length} task(s), expected none: ${changedTasks.join('; ')} — ` +
        'make these tasks idempotent (state-based modules, `creates:`, `changed_when:`)',
    );
  }
}
