import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'nats';
import { createUser } from 'nkeys.js';
import { parse as parseYaml } from 'yaml';
import { BUCKETS } from '@jetway/contracts';
import { ApproverRegistry, publicKeyOfSeed } from '@jetway/messaging';

/** The approvers the example requests name (`approval.approvers`), so their approve commands work locally. */
export function exampleApprovers(examplesDir: string): string[] {
  const names = readdirSync(examplesDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const request = parseYaml(readFileSync(join(examplesDir, file), 'utf8')) as { approval?: { approvers?: unknown } } | null;
      const approvers = request?.approval?.approvers;
      return Array.isArray(approvers) ? approvers.filter((name): name is string => typeof name === 'string') : [];
    });
  return [...new Set(names)].sort();
}

/** The seed at `path`, created (mode 600) when there is none yet; returns its public key. */
function seedAt(path: string): string {
  if (existsSync(path)) return publicKeyOfSeed(readFileSync(path, 'utf8'));
  const pair = createUser();
  writeFileSync(path, `${new TextDecoder().decode(pair.getSeed())}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return pair.getPublicKey();
}

/**
 * The embedded default enrols the examples' approvers on this machine: a seed each in
 * `<state dir>/approvers/<name>.nk` (where `jetway approve` looks) and its public key in KV
 * jetway-approvers, so the README's approve example works in two commands. An operator of a real
 * mesh enrols people with `jetway approvers enrol` instead. Returns the names enrolled or kept.
 */
export async function enrolExampleApprovers(natsUrl: string, stateDir: string, names: readonly string[]): Promise<string[]> {
  const dir = join(stateDir, 'approvers');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const nc = await connect({ servers: natsUrl, name: 'jetway-launcher' });
  try {
    const registry = new ApproverRegistry(await nc.jetstream().views.kv(BUCKETS.approvers.name, { bindOnly: true }));
    for (const name of names) {
      const publicKey = seedAt(join(dir, `${name}.nk`));
      if ((await registry.get(name))?.public_key === publicKey) continue;
      await registry.enrol({ name, public_key: publicKey, enrolled_by: 'npm start (embedded default, local seeds)', enrolled_at: new Date().toISOString() });
    }
    return [...names];
  } finally {
    await nc.close();
  }
}
