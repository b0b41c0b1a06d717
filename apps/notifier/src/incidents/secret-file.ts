import { readFile } from 'node:fs/promises';
import { PermanentError } from '@jetway/messaging';

/**
 * Reads a secret (a routing key, a webhook URL) from its file at send time, so a rotated secret
 * is used by the next send. Errors name the file and what it should hold, never its content. A
 * missing or unreadable file is a configuration error waiting can not fix: `PermanentError`
 * (the event dead-letters with this reason; replay it once the file is there).
 */
export async function readSecretFile(path: string, what: string): Promise<string> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PermanentError(`cannot read the ${what} from ${path} (${code}): put the secret in that file, readable by the notifier`, { cause: error });
  }
  const secret = content.trim();
  if (secret === '') throw new PermanentError(`the ${what} file ${path} is empty`);
  return secret;
}
