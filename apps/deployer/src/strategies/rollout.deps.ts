import type { DeployDeps, DeployInput } from '../use-cases/deploy.types';
import type { HttpGet } from '../use-cases/http-get.port';
import type { Instance } from '../use-cases/release-runtime.port';
import type { ProgressSink } from './progress.port';
import type { RolloutAnalysis } from './rollout-analysis.port';
import type { RolloutStore } from './rollout-store.port';

/** The ports a rollout drives: the deploy's, plus its state, progress, analysis and the preview probe's GET. */
export interface RolloutDeps extends DeployDeps {
  readonly rollouts: RolloutStore;
  readonly progress: ProgressSink;
  readonly analysis: RolloutAnalysis;
  readonly httpGet: HttpGet;
  /** Milliseconds between looks for an operator's command while a rollout waits or measures (default 250). */
  readonly commandPollMs?: number;
}

/** One rollout run: what the request resolved to, and what it touched (the step's log). */
export interface RolloutContext {
  readonly input: DeployInput;
  /** Instances this attempt started or took over, in order: their output is the step's log. */
  readonly touched: Instance[];
  /** Aborted when the deployer stops: a rollout gives up waiting, its state stays for the next deployer. */
  readonly signal?: AbortSignal;
}
