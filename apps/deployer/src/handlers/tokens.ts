/** Injection token for the ports a deploy drives (runtime, router, health, releases). */
export const DEPLOY_DEPS = Symbol('jetway.deployer.deploy-deps');

/** Injection token for the queue that serialises rollouts (and restores) per (application, environment). */
export const ROLLOUTS = Symbol('jetway.deployer.rollouts');

/** Injection token for the AbortController a stopping deployer aborts: rollouts in progress give up waiting, their state stays in KV. */
export const ROLLOUT_STOP = Symbol('jetway.deployer.rollout-stop');

/** Injection token for the VerifyHolds: a deploy waits for the verify of the release the one before it deployed. */
export const VERIFY_HOLDS = Symbol('jetway.deployer.verify-holds');
