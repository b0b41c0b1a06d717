import type { DeployFinished, RollbackFinished } from '@jetway/contracts';
import type { DeployOptions, RolloutMesh } from '@jetway/deployer/testing';
import { waitFor } from '@jetway/testing';

/** How a rollout ended, as the deployer's finished event says. */
export interface RolloutResult {
  /** Whether it did what the row's name says (succeeded; for the rollback: instantly, to the warm set). */
  readonly ok: boolean;
  /** The outcome, short (the table's column): `succeeded`, `rolled_back`, `failed`, `paused, aborted`, `redeployed`. */
  readonly outcome: string;
  /** Why, when it did not succeed as named (the deployer's reason). */
  readonly detail?: string;
  /** The rollout's own length (the finished event's duration_ms), in seconds. */
  readonly seconds: number;
}

/**
 * A real strategy, run end to end by the deployer service: its trigger published as the planner
 * would, the rollout run by the deployer's state machines against real hello-service instances
 * behind its router process. Each starts where the one before it ended (v1 serves at first).
 */
export interface RolloutScenario {
  readonly name: string;
  run(mesh: RolloutMesh): Promise<RolloutResult>;
}

const REPLICAS = 3;
/** The router's per-release stats, measured every 2 s: at 5 % of the bench's load, well over min_requests. */
const ANALYSIS = { provider: 'router', interval_seconds: 2, min_requests: 20 };
const CRITERIA = { error_rate: 0.01, latency_p99_ms: 1_000 };
/** How long a rollout may take before the bench gives up on it. */
const ROLLOUT_TIMEOUT_MS = 120_000;

export const ROLLOUTS: readonly RolloutScenario[] = [
  {
    name: 'rolling v1 → v2 (3 replicas)',
    run: (mesh) => deployed(mesh, { release: 'v2', strategy: 'rolling', replicas: REPLICAS }),
  },
  {
    name: 'canary v2 → v3 (5/25/50/100 %; router analysis)',
    run: (mesh) => {
      const steps = [{ weight: 5, duration_seconds: 4, success_criteria: CRITERIA }, { weight: 25, duration_seconds: 2, success_criteria: CRITERIA }, { weight: 50, duration_seconds: 2 }, { weight: 100, duration_seconds: 0 }];
      return deployed(mesh, { release: 'v3', strategy: 'canary', replicas: REPLICAS, rollout: { canary: { steps }, analysis: ANALYSIS } });
    },
  },
  {
    // The old set stays warm for 60 s after the switch: the rollback row after this one is instant.
    name: 'blue-green v3 → v4 (auto-promote 1 s; router analysis)',
    run: (mesh) => {
      const rollout = { blue_green: { auto_promote_seconds: 1, scale_down_delay_seconds: 60 }, analysis: ANALYSIS };
      return deployed(mesh, { release: 'v4', strategy: 'blue_green', replicas: REPLICAS, rollout });
    },
  },
  {
    name: 'rollback v4 → v3 after promotion (warm: instant)',
    run: async (mesh) => rolledBack((await mesh.rollback()).event),
  },
];

/** Publishes the deploy and waits for it to finish; a rollout paused for a person is aborted and said so. */
async function deployed(mesh: RolloutMesh, options: DeployOptions): Promise<RolloutResult> {
  const { runId } = await mesh.publishDeploy(options);
  const paused = () => mesh.progressOf(runId).find((p) => p.event.phase === 'paused')?.event;
  const ended = await waitFor(() => mesh.finished.get(`${runId}/1`) ?? paused(), { timeoutMs: ROLLOUT_TIMEOUT_MS, message: `the ${options.strategy} rollout of ${options.release} to finish` });
  if ('phase' in ended) {
    await mesh.command(runId, 'abort', 'rollout-bench');
    const aborted = await mesh.deployFinished(runId);
    return { ok: false, outcome: 'paused, aborted', detail: `${ended.message} (the bench aborted it)`, seconds: aborted.duration_ms / 1_000 };
  }
  return finishedAs(ended);
}

function rolledBack(finished: RollbackFinished): RolloutResult {
  if (finished.outcome === 'succeeded' && finished.outputs?.instant !== true) {
    return { ok: false, outcome: 'redeployed', detail: 'a redeploy of the previous release, not an instant switch: its set was not warm', seconds: finished.duration_ms / 1_000 };
  }
  return finishedAs(finished);
}

function finishedAs(finished: DeployFinished | RollbackFinished): RolloutResult {
  return { ok: finished.outcome === 'succeeded', outcome: finished.outcome, ...(finished.reason ? { detail: finished.reason } : {}), seconds: finished.duration_ms / 1_000 };
}

/** A rollout to run: a row of the table, or only run (under the same load) to reach the next one's starting point. */
export interface PlannedRollout {
  readonly scenario: RolloutScenario;
  readonly measured: boolean;
}

/**
 * Which rollouts run for `--only`: each chosen one, measured, and every one before the last chosen
 * (each starts where the previous ended), not shown. Without `--only`: all, shown.
 */
export function planRollouts(rollouts: readonly RolloutScenario[], only: readonly string[] | undefined): PlannedRollout[] {
  if (!only) return rollouts.map((scenario) => ({ scenario, measured: true }));
  const last = rollouts.reduce((found, scenario, i) => (only.includes(scenario.name) ? i : found), -1);
  return rollouts.slice(0, last + 1).map((scenario) => ({ scenario, measured: only.includes(scenario.name) }));
}
