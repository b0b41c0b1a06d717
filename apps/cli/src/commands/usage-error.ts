import type { CommandName } from './usage';

/**
 * The command line is wrong: print `message` and `usage(topic)`, exit with status 2.
 * The message says what is missing or wrong and how to fix it.
 */
export class UsageError extends Error {
  readonly exitCode = 2;

  constructor(
    message: string,
    readonly topic?: CommandName,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
