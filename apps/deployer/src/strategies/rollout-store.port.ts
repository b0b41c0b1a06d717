import type { Environment } from '@jetway/contracts';
import type { Command, ReleaseSide, RolloutState } from './rollout.types';

/** A deploy step attempt: what a command names (a rollout is that attempt's). */
export interface AttemptRef {
  readonly run_id: string;
  readonly step_id: string;
  readonly attempt: number;
}

/** An operator's command as stored for the rollout it is meant for (one deploy step attempt). */
export interface StoredCommand extends Command, AttemptRef {
  /** The `ce-id` of the `rollout.commanded` event it came from: a redelivery of it is not stored again. */
  readonly event_id?: string;
}

/**
 * The old set a blue-green promotion keeps running, unrouted, until `until` (epoch ms): a
 * rollback before then switches back to it instead of redeploying.
 */
export interface WarmSet {
  readonly application: string;
  readonly environment: Environment;
  readonly side: ReleaseSide;
  readonly targets: readonly string[];
  readonly until: number;
  /** The digest that replaced it (serving now). */
  readonly replaced_by: string;
}

/**
 * Rollouts in progress, the commands meant for them and the warm sets, in KV `jetway-rollouts`
 * (`<app>.<env>`, `command.<run>.<step>.<attempt>`, `<app>.<env>.warm`). Any deployer replica
 * reads the same entries: a command lands wherever the rollout runs (or before it began, or
 * while no deployer runs), a restarted deployer resumes it.
 */
export interface RolloutStore {
  get(application: string, environment: Environment): Promise<RolloutState | undefined>;
  put(state: RolloutState): Promise<void>;
  /** Every recorded rollout (for routing them again after a restart). */
  list(): Promise<RolloutState[]>;
  /** The latest command for a deploy step attempt, with its revision (which increases with every command). */
  command(attempt: AttemptRef): Promise<{ readonly revision: number; readonly command: StoredCommand } | undefined>;
  putCommand(command: StoredCommand): Promise<number>;
  warm(application: string, environment: Environment): Promise<WarmSet | undefined>;
  putWarm(warm: WarmSet): Promise<void>;
  deleteWarm(application: string, environment: Environment): Promise<void>;
  listWarm(): Promise<WarmSet[]>;
}
