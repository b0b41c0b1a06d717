import { PermanentError, TransientError } from '@jetway/messaging';
import type { StackServer } from './stack.port';

/** The bundle cannot be merged into the stack (a clash with another setup, a malformed file): nothing was reloaded. */
export class StackMergeError extends PermanentError {}

/**
 * A server refused the new configuration (`server`, with its own words in the message). The
 * previous files were restored and reloaded (`restored`); retrying the same bundle cannot help.
 */
export class StackApplyError extends PermanentError {
  constructor(
    readonly server: StackServer,
    message: string,
    readonly restored: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A server could not be reached: it may be restarting, so trying again later can help. */
export class StackUnreachableError extends TransientError {}

/** The setup did not become healthy before the deadline; `problems` names each check still failing. */
export class StackVerifyError extends PermanentError {
  constructor(readonly problems: readonly string[]) {
    super(`the monitoring stack did not confirm the setup in time:\n- ${problems.join('\n- ')}`);
  }
}
