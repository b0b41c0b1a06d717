import { parseCliArgs } from './parse-cli-args';
import { UsageError } from './usage-error';

/** The UsageError parseCliArgs throws for `argv` (specs assert on its message and exit code). */
export function usageErrorOf(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}
