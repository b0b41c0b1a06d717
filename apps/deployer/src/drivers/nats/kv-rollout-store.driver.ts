import { Environment, releaseKey } from '@jetway/contracts';
import { KvStore, type Mesh } from '@jetway/messaging';
import type { AttemptRef, RolloutStore, StoredCommand, WarmSet } from '../../strategies/rollout-store.port';
import type { RolloutState } from '../../strategies/rollout.types';
import { RolloutStateEntry, StoredCommandEntry, WarmSetEntry } from './rollout-schemas';

/**
 * Rollouts in progress in KV `jetway-rollouts`: `<app>.<env>` the rollout's state,
 * `command.<run>.<step>.<attempt>` the latest operator command for a deploy step attempt,
 * `<app>.<env>.warm` a blue-green old set kept warm. Any deployer replica reads the same entries.
 */
export class KvRolloutStore implements RolloutStore {
  private readonly states: KvStore<typeof RolloutStateEntry>;
  private readonly commands: KvStore<typeof StoredCommandEntry>;
  private readonly warmSets: KvStore<typeof WarmSetEntry>;

  constructor(mesh: Mesh) {
    const kv = mesh.kv('rollouts');
    this.states = new KvStore(kv, RolloutStateEntry);
    this.commands = new KvStore(kv, StoredCommandEntry);
    this.warmSets = new KvStore(kv, WarmSetEntry);
  }

  async get(application: string, environment: Environment): Promise<RolloutState | undefined> {
    return (await this.states.get(releaseKey(application, environment)))?.value;
  }

  async put(state: RolloutState): Promise<void> {
    await this.states.put(releaseKey(state.application, state.environment), state);
  }

  async list(): Promise<RolloutState[]> {
    const keys = (await this.states.keys('*.*')).filter((k) => Environment.safeParse(k.split('.')[1]).success);
    const entries = await Promise.all(keys.map((k) => this.states.get(k)));
    return entries.flatMap((e) => (e ? [e.value] : []));
  }

  async command(ref: AttemptRef): Promise<{ revision: number; command: StoredCommand } | undefined> {
    const entry = await this.commands.get(commandKey(ref));
    return entry ? { revision: entry.revision, command: entry.value } : undefined;
  }

  async putCommand(command: StoredCommand): Promise<number> {
    return this.commands.put(commandKey(command), command);
  }

  async warm(application: string, environment: Environment): Promise<WarmSet | undefined> {
    return (await this.warmSets.get(`${releaseKey(application, environment)}.warm`))?.value;
  }

  async putWarm(warm: WarmSet): Promise<void> {
    await this.warmSets.put(`${releaseKey(warm.application, warm.environment)}.warm`, warm);
  }

  async deleteWarm(application: string, environment: Environment): Promise<void> {
    await this.warmSets.delete(`${releaseKey(application, environment)}.warm`);
  }

  async listWarm(): Promise<WarmSet[]> {
    const keys = await this.warmSets.keys('*.*.warm');
    const entries = await Promise.all(keys.map((k) => this.warmSets.get(k)));
    return entries.flatMap((e) => (e ? [e.value] : []));
  }
}

/** `command.<run>.<step>.<attempt>`: run ids and step ids are KV-safe (ULIDs, `[a-z0-9-]`). */
function commandKey(ref: AttemptRef): string {
  return `command.${ref.run_id}.${ref.step_id}.${ref.attempt}`;
}
