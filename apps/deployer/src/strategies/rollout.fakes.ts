import type { AnalysisResult, Environment, PlatformConfig, RolloutProgressed } from '@jetway/contracts';
import { RolloutSpec } from '@jetway/contracts';
import { deployInput, fakeDeps } from '../use-cases/deploy.fakes';
import type { DeployDeps, DeployInput, DeployResult } from '../use-cases/deploy.types';
import { deployRelease } from './deploy-release';
import type { ProgressSink } from './progress.port';
import type { AnalysisRequest, RolloutAnalysis } from './rollout-analysis.port';
import type { RolloutDeps } from './rollout.deps';
import type { AttemptRef, StoredCommand, RolloutStore, WarmSet } from './rollout-store.port';
import type { RolloutState } from './rollout.types';

// In-memory fakes of the rollout ports, for unit specs of the strategies only (NATS is real in int-specs).

const key = (application: string, environment: string) => `${application}/${environment}`;
const attemptKey = (ref: AttemptRef) => `${ref.run_id}/${ref.step_id}/${ref.attempt}`;

export class FakeRolloutStore implements RolloutStore {
  readonly states = new Map<string, RolloutState>();
  readonly commands = new Map<string, { revision: number; command: StoredCommand }>();
  readonly warmSets = new Map<string, WarmSet>();
  /** Every state written, in order (what a restarted deployer could have read at each moment). */
  readonly writes: RolloutState[] = [];
  private revision = 0;
  async get(application: string, environment: Environment) {
    return this.states.get(key(application, environment));
  }
  async put(state: RolloutState) {
    this.states.set(key(state.application, state.environment), state);
    this.writes.push(state);
  }
  async list() {
    return [...this.states.values()];
  }
  async command(ref: AttemptRef) {
    return this.commands.get(attemptKey(ref));
  }
  async putCommand(command: StoredCommand) {
    this.revision += 1;
    this.commands.set(attemptKey(command), { revision: this.revision, command });
    return this.revision;
  }
  async warm(application: string, environment: Environment) {
    return this.warmSets.get(key(application, environment));
  }
  async putWarm(warm: WarmSet) {
    this.warmSets.set(key(warm.application, warm.environment), warm);
  }
  async deleteWarm(application: string, environment: Environment) {
    this.warmSets.delete(key(application, environment));
  }
  async listWarm() {
    return [...this.warmSets.values()];
  }
}

export class FakeProgress implements ProgressSink {
  readonly events: RolloutProgressed[] = [];
  async publish(progress: RolloutProgressed) {
    this.events.push(progress);
  }
  phases(): string[] {
    return this.events.map((e) => `${e.phase}${e.weight !== undefined ? `@${e.weight}` : ''}`);
  }
}

/** Answers each analysis with the next scripted verdict (`pass` when the script ran out), at once. */
export class ScriptedAnalysis implements RolloutAnalysis {
  readonly requests: AnalysisRequest[] = [];
  /** While set, an analysis waits for it (or for its signal) before answering. */
  gate: Promise<void> | undefined;
  constructor(public script: AnalysisResult['verdict'][] = []) {}
  async analyse(request: AnalysisRequest): Promise<AnalysisResult> {
    this.requests.push(request);
    if (this.gate) await Promise.race([this.gate, new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }))]);
    return analysisResult(this.script.shift() ?? 'pass');
  }
}

export function analysisResult(verdict: AnalysisResult['verdict']): AnalysisResult {
  const failed = verdict === 'fail';
  return {
    provider: 'router',
    verdict,
    requests: verdict === 'inconclusive' ? 3 : 400,
    measurements: verdict === 'inconclusive' ? [] : [{ metric: 'error_rate', value: failed ? 0.3 : 0, threshold: 0.01, passed: !failed }],
    message: verdict === 'inconclusive' ? '3 requests, below min_requests 20' : `error_rate ${failed ? 0.3 : 0}`,
  };
}

export type FakeRolloutDeps = ReturnType<typeof fakeDeps> & RolloutDeps & { rollouts: FakeRolloutStore; progress: FakeProgress; analysis: ScriptedAnalysis; clock: { ms: number } };

/** The deploy fakes plus the rollout's; `clock.ms` is what `now()` says (moved by hand or by `advance`). */
export function fakeRolloutDeps(): FakeRolloutDeps {
  const base = fakeDeps();
  const clock = { ms: Date.parse('2030-01-01T00:00:00.000Z') };
  return {
    ...base,
    now: () => new Date(clock.ms),
    clock,
    rollouts: new FakeRolloutStore(),
    progress: new FakeProgress(),
    analysis: new ScriptedAnalysis(),
    httpGet: async () => 200,
    commandPollMs: 2,
  };
}

/** A deploy input with a strategy and a rollout block (defaults filled in, `overrides` merged). */
export function rolloutInput(digest: string, strategy: DeployInput['strategy'], rollout: Record<string, unknown> = {}, overrides: Partial<DeployInput> = {}): DeployInput {
  return { ...deployInput(digest), step_id: 'deploy-staging', attempt: 1, strategy, rollout: RolloutSpec.parse(rollout), ...overrides };
}

/** A rolling deploy on the deploy fakes alone (rollout state, progress and analysis faked here): for specs that only need a release deployed. */
export function rollingDeploy(input: DeployInput, deps: DeployDeps): Promise<DeployResult> {
  return deployRelease({ ...input, strategy: 'rolling' }, { ...deps, rollouts: new FakeRolloutStore(), progress: new FakeProgress(), analysis: new ScriptedAnalysis(), httpGet: async () => 200 });
}

export function withReplicas(input: DeployInput, replicas: number): DeployInput {
  const platform_config: PlatformConfig = { ...input.platform_config, replicas };
  return { ...input, platform_config };
}
