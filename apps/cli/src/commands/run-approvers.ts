import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createUser } from 'nkeys.js';
import type { ApproverRegistry } from '@jetway/messaging';
import { CliError } from '../client/errors';
import type { ApproversCommand } from './parse-approvers-args';

export interface ApproversIo {
  out(text: string): void;
  /** Who runs the command, recorded as `enrolled_by`. */
  readonly operator: string;
  readonly home: string;
}

/** Refuses a seed file that exists: a seed is never overwritten (its key may be enrolled). */
function checkFree(path: string): void {
  if (existsSync(path)) throw new CliError(`${path} exists; refusing to overwrite a seed: pass another --out, or enrol its key with --public-key`, 2);
}

function writeSeed(path: string, seed: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${new TextDecoder().decode(seed)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** A new user nkey pair: its seed written to `path` (mode 600, never overwritten), its public key returned. */
export function writeNewSeed(path: string): string {
  checkFree(path);
  const pair = createUser();
  writeSeed(path, pair.getSeed());
  return pair.getPublicKey();
}

/** `jetway approvers list | enrol | revoke`. */
export async function runApprovers(command: ApproversCommand, registry: ApproverRegistry, io: ApproversIo): Promise<number> {
  switch (command.action) {
    case 'list': {
      const all = await registry.list();
      if (all.length === 0) io.out('no approvers enrolled (jetway approvers enrol <name>)\n');
      for (const a of all) io.out(`${a.name}\t${a.public_key}\tenrolled by ${a.enrolled_by} at ${a.enrolled_at}\n`);
      return 0;
    }
    case 'enrol': {
      const out = command.out ?? join(io.home, '.config', 'jetway', 'approvers', `${command.name}.nk`);
      // The seed is written only once the enrolment is stored: a refused write leaves no orphan key behind.
      const pair = command.publicKey ? undefined : (checkFree(out), createUser());
      const publicKey = command.publicKey ?? pair?.getPublicKey() ?? '';
      await registry.enrol({ name: command.name, public_key: publicKey, enrolled_by: io.operator, enrolled_at: new Date().toISOString() });
      if (pair) writeSeed(out, pair.getSeed());
      io.out(`enrolled ${command.name} with ${publicKey}${pair ? `; seed written to ${out} (give it to ${command.name} only)` : ''}\n`);
      return 0;
    }
    case 'revoke': {
      if (!(await registry.revoke(command.name))) throw new CliError(`${command.name} is not enrolled; nothing to revoke`);
      io.out(`revoked ${command.name}: decisions in that name are refused from now on\n`);
      return 0;
    }
  }
}
