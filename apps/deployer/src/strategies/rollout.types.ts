import type { AnalysisResult, DeploymentStrategy, Environment, ReleaseSpec, RolloutProgressed, RolloutSpec, StepOutcome, SuccessCriteria } from '@jetway/contracts';

// The rollout state machines' vocabulary. A machine is two pure functions: `decide` says which
// effect the state asks for next, `apply` says what an effect's result (or an operator's
// command) makes of the state. The runner performs effects against the ports and writes every
// new state to KV `jetway-rollouts` before the next effect, so a restarted deployer continues
// from the recorded stage and weight instead of starting over.

/** One side of a rollout: a release (digest and run spec) and the label the router's metrics carry. */
export interface ReleaseSide {
  readonly digest: string;
  readonly spec: ReleaseSpec;
  /** The router's release label: digest and run spec, so two runs of one artifact are told apart. */
  readonly label: string;
}

/** Where a rollout stands; each strategy uses its own subset. */
export type Phase =
  | 'starting' // start the new set, health-gated
  | 'batching' // rolling: the next batch
  | 'restoring' // rolling: a batch failed; the old release serves again
  | 'shifting' // canary: set the step's weight
  | 'previewing' // blue-green: the new set on the preview URL
  | 'analysing' // canary: the step's analysis
  | 'pre_analysis' // blue-green: analysis on the preview URL
  | 'awaiting' // blue-green: before promotion (auto after N seconds, or a person)
  | 'paused' // waiting for a person: promote or abort
  | 'promoting' // the new set becomes the stable set
  | 'post_analysis' // blue-green: analysis after the switch, the old set still warm
  | 'retiring' // the old set stops (canary)
  | 'aborting' // traffic back to the old set
  | 'cleaning' // the new set stops after an abort
  | 'done';

/** How a rollout ended, and what the runner does on the way out. */
export interface RolloutEnd {
  readonly outcome: Extract<StepOutcome, 'succeeded' | 'failed' | 'rolled_back'>;
  readonly reason?: string;
  /** Record the new release as the current one (with `previous` pointing at what it replaced). */
  readonly record: boolean;
  /** Keep the old set running until the scale-down delay ends (blue-green): a rollback inside it is a switch. */
  readonly keepWarmSeconds?: number;
}

/** A rollout in progress: the `<app>.<env>` entry of KV `jetway-rollouts`. Plain data (JSON). */
export interface RolloutState {
  readonly run_id: string;
  readonly step_id: string;
  readonly attempt: number;
  readonly application: string;
  readonly environment: Environment;
  readonly strategy: DeploymentStrategy;
  readonly rollout: RolloutSpec;
  /** The release being rolled out. */
  readonly release: ReleaseSide;
  /** The release that served when the rollout began; absent for a first release. */
  readonly stable?: ReleaseSide;
  readonly phase: Phase;
  /** Canary step or rolling batch (0-based). */
  readonly stage: number;
  /** Percent of the stable URL's traffic on the new release. */
  readonly weight: number;
  /** Targets of the new release's healthy instances. */
  readonly fresh: readonly string[];
  /** Targets of the old release's instances still running. */
  readonly old: readonly string[];
  /** Of the last progress event published. */
  readonly sequence: number;
  /** When the current phase (or stage) began, epoch ms: the timers count from it. */
  readonly since: number;
  /** The step's deadline, epoch ms: a pause never outlasts it. */
  readonly deadline?: number;
  /** Why the rollout is paused, aborting or ended. */
  readonly reason?: string;
  /** What a failed start left to read (an exited instance's last stderr lines): the end of the step's reason. */
  readonly detail?: string;
  /** The route last set, as a plan: what a restarted deployer's router is given again. */
  readonly route?: RoutePlan;
  /** The revision of the last operator command applied (KV), so a command is applied once. */
  readonly command_revision: number;
  readonly end?: RolloutEnd;
}

/** What a route should be, in terms of the rollout's two sets. */
export interface RoutePlan {
  /** Which set the stable pool holds: the old one, the new one, or both (rolling batches). */
  readonly stable: 'old' | 'fresh' | 'both';
  /** Percent of requests to the new set as a canary. */
  readonly canary?: number;
  /** The new set on the preview URL. */
  readonly preview?: boolean;
}

/** One rolling batch: stop `stopFirst` old instances, start `start` new ones (health-gated), then stop `stopAfter` old ones. */
export interface Batch {
  readonly stopFirst: number;
  readonly start: number;
  readonly stopAfter: number;
}

export type Effect =
  | { readonly kind: 'start' }
  | { readonly kind: 'route'; readonly route: RoutePlan }
  /** Measure the new release until `untilMs` (ends early on a failure); `probe`: send it traffic through the preview URL. */
  | { readonly kind: 'analyse'; readonly criteria: SuccessCriteria; readonly untilMs: number; readonly probe: boolean }
  /** Wait for an operator's command, or until `untilMs` when set. */
  | { readonly kind: 'wait'; readonly untilMs?: number }
  | { readonly kind: 'batch'; readonly batch: Batch }
  /** Start the old release's missing instances again, route it alone, stop the new set (rolling rollback). */
  | { readonly kind: 'restore' }
  | { readonly kind: 'retire'; readonly which: 'old' | 'fresh' }
  | { readonly kind: 'finish'; readonly end: RolloutEnd };

/** An operator's command on a rollout (from `jetway.rollout.commanded.v1`). */
export interface Command {
  readonly command: 'promote' | 'abort';
  readonly by: string;
  readonly comment?: string;
}

/** What performing an effect gave, fed back to the machine. */
export type RolloutEvent =
  | { readonly kind: 'started'; readonly targets: readonly string[] }
  | { readonly kind: 'start_failed'; readonly reason: string; readonly detail?: string }
  | { readonly kind: 'routed' }
  | { readonly kind: 'analysed'; readonly result: AnalysisResult }
  | { readonly kind: 'waited' }
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: 'deadline' }
  | { readonly kind: 'batch_done'; readonly fresh: readonly string[]; readonly old: readonly string[] }
  | { readonly kind: 'batch_failed'; readonly reason: string; readonly detail?: string; readonly fresh: readonly string[]; readonly old: readonly string[] }
  | { readonly kind: 'restored'; readonly old: readonly string[] }
  | { readonly kind: 'restore_failed'; readonly reason: string }
  | { readonly kind: 'retired' };

/** What to publish about a move (the runner adds the weight, stage, sequence and ids). */
export interface ProgressNote {
  readonly phase: RolloutProgressed['phase'];
  readonly message: string;
  readonly analysis?: AnalysisResult;
}

export interface Transition {
  readonly state: RolloutState;
  readonly progress?: ProgressNote;
}

/** A strategy as a state machine: pure, unit-tested without ports. */
export interface RolloutMachine {
  decide(state: RolloutState): Effect;
  apply(state: RolloutState, event: RolloutEvent, nowMs: number): Transition;
}
