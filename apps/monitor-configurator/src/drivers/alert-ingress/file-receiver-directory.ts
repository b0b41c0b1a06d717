import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AlertingChannel, describeIssues } from '@jetway/contracts';
import type { ReceiverDirectory, ReceiverLookup } from './receiver-directory.port';

/** `alertmanager/receivers.json` of a bundle (BUNDLE_LAYOUT.receivers). */
export const ReceiversFile = z.object({ receivers: z.record(z.string(), z.array(AlertingChannel)) });
export type ReceiversFile = z.infer<typeof ReceiversFile>;

/** `<stackDir>/setups/<setup>`: where the apply step puts a setup's bundle. */
export function setupDir(stackDir: string, setup: string): string {
  return join(stackDir, 'setups', setup);
}

/**
 * Reads `<stackDir>/setups/<setup>/alertmanager/receivers.json` on every lookup: the file is
 * small, and a setup applied again takes effect with its next alert, with no cache to invalidate.
 */
export class FileReceiverDirectory implements ReceiverDirectory {
  constructor(private readonly stackDir: string) {}

  async channelsOf(setup: string, receiver: string): Promise<ReceiverLookup> {
    const path = join(setupDir(this.stackDir, setup), 'alertmanager', 'receivers.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { found: false, missing: 'setup', detail: `no monitoring setup "${setup}" is applied (no ${path})` };
      }
      throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = ReceiversFile.safeParse(parseJson(text, path));
    if (!parsed.success) throw new Error(`${path} is not a receivers file: ${describeIssues(parsed.error)}`);
    const channels = Object.hasOwn(parsed.data.receivers, receiver) ? parsed.data.receivers[receiver] : undefined;
    if (!channels) {
      const known = Object.keys(parsed.data.receivers).join(', ') || 'none';
      return { found: false, missing: 'receiver', detail: `setup "${setup}" has no receiver "${receiver}" (it has: ${known})` };
    }
    return { found: true, channels };
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
