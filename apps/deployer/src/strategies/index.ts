// Rollout strategies (rolling, recreate, blue-green, canary) as state machines run against the
// deployer's ports, the deploy step around them, and the rollback step.
export { deployRelease } from './deploy-release';
export { deployStep, attemptLog, instancesLog, clampReason } from './deploy-step';
export type { DeployStepResult, KeepStepLog, StepLogFields } from './deploy-step';
export { deployInputOf, rolloutDeadline } from './deploy-input';
export { rollBack } from './rollback/rollback.use-case';
export type { RollbackDeps, RollbackRequest, RollbackResult } from './rollback/rollback.use-case';
export { ScaleDownSchedule, scaleDown } from './blue-green/scale-down';
export { storeCommand } from './store-command';
export { releaseLabel, labelOf } from './release-label';
export type { RolloutDeps, RolloutContext } from './rollout.deps';
export type { RolloutStore, StoredCommand, WarmSet, AttemptRef } from './rollout-store.port';
export type { ProgressSink } from './progress.port';
export type { RolloutAnalysis, AnalysisRequest } from './rollout-analysis.port';
export type { RolloutState } from './rollout.types';
