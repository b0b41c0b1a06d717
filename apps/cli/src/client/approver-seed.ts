import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors';

export interface SeedLookup {
  /** `--key <file>`. */
  readonly keyFile?: string;
  readonly env: NodeJS.ProcessEnv;
  /** State directories (`.jetway`) in the order the CLI looks at them. */
  readonly stateDirs: readonly string[];
  readonly home: string;
}

/** Where an approver's seed may be, most specific first. */
export function seedCandidates(name: string, lookup: SeedLookup): string[] {
  if (lookup.keyFile) return [lookup.keyFile];
  const fromEnv = lookup.env['JETWAY_APPROVER_KEY'];
  if (fromEnv) return [fromEnv];
  return [...lookup.stateDirs.map((dir) => join(dir, 'approvers', `${name}.nk`)), join(lookup.home, '.config', 'jetway', 'approvers', `${name}.nk`)];
}

/**
 * The nkey seed `name` signs decisions with. Refused (exit 2) when none is found — typing
 * `--as alice` without alice's seed must not get anywhere — or when the file is readable by
 * others (a seed is a private key: like ssh, refuse it until it is mode 600).
 */
export function readApproverSeed(name: string, lookup: SeedLookup): { seed: string; path: string } {
  const candidates = seedCandidates(name, lookup);
  const path = candidates.find((candidate) => existsSync(candidate));
  if (!path) {
    throw new CliError(
      `no signing key for ${name}: a decision is signed with the approver's enrolled nkey seed, looked for ${candidates.join(', ')}; ` +
        `pass --key <seed file>, or ask an operator to enrol you (jetway approvers enrol ${name})`,
      2,
    );
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new CliError(`${path} is readable by other users; a seed is a private key: chmod 600 ${path}`, 2);
  }
  return { seed: readFileSync(path, 'utf8').trim(), path };
}
