/** Injection token for the ports a deploy drives (runtime, router, health, releases). */
export const DEPLOY_DEPS = Symbol('jetway.deployer.deploy-deps');

/** Injection token for the queue that serialises rollouts (and restores) per (application, environment). */
export const ROLLOUTS = Symbol('jetway.deployer.rollouts');
