// The infrastructure pipeline's deployer side: infra-plan, infra-apply, infra-configure and
// infra-verify, with locks and the per-stack changelog — and the stack store they share.
//
// Stack store API (drift detection and the CLI build on it; `InfraStackStore.of(mesh)`):
//   KV bucket `jetway-infra` (BUCKETS.infra), keys:
//     lock.<stack>.<env>                 StackLock    {stack, environment, run_id, requested_by, since}
//     stack.<stack>.<env>                StackRecord  the last applied {digest, plan_hash, spec, run_id, applied_at, sequence}
//     changelog.<stack>.<env>.<seq:8>    ChangelogEntry (contracts), one per apply, seq from 1
//     plan.<hash>                        ReviewedPlan what a plan step stored for review (messaging: the plan itself)
//     apply.<hash>                       ApplyMarker  applying → applied (a redelivered apply answers from it)
//   store.stack(stack, env) / store.stacks()         the last applied configuration (re-plan it for drift)
//   store.changelog(stack, env)                      the entries, oldest first (jetway rollback <stack> --infra re-publishes an entry's spec through review)
//   store.lockOf(stack, env) / store.allLocks()      who holds what
//   store.tryLock(lock) / store.unlock(stack, env, run)  create()-based; used by the plan step only
//   store.appendChangelog / putStack / putPlan / putMarker   written by the plan and apply steps only
export { InfraStackStore, type LockAttempt } from './stack-store';
export { StackLock, StackRecord, ReviewedPlan, ApplyMarker, ChangelogEntry, stackKeys } from './stack-records';
// The steps (handlers/infra.handler.ts runs them through the StepWorker) and what a drift check reuses.
export { planInfra, configurationPaths, type InfraPlanResult } from './plan-infra.use-case';
export { applyInfra, applyRefusal, summaryOf, type InfraApplyOutputs } from './apply-infra.use-case';
export { configureInfra, type InfraConfigureResult } from './configure-infra.use-case';
export { verifyInfra, type InfraVerifyResult, type InfraCheckResult } from './verify-infra.use-case';
export { acquireLocks, releaseRunLocks, requireLock, LockHeldError, LockNotHeldError, type LockRequest } from './locks';
export { reviewOf, reviewHash, messagingAddress, configurationLines, type PlanParts, type PlanIdentity } from './review';
export { isProtectedType, destroys, PROTECTED_TYPES } from './protected-kinds';
export { loadBundle, messagingOf, hasTerraformRoot, hasFile, BUNDLE_PATHS, INFRA_BUNDLE_FORMAT, StackManifest, type InfraBundle, type BundleSource } from './bundle';
export { workspaceDir, syncWorkspace } from './workspace';
export { wireInfra, smokeGet, type InfraWiringOptions } from './infra-wiring';
export { stepOutcome, clamp } from './step-result';
export { INFRA_DEPS } from './infra.tokens';
export type { InfraDeps, TerraformPort, MessagingPort, AnsiblePort, PackerPort, SmokeGet } from './infra.ports';
