/** Injection token for the ports a deploy drives (runtime, router, health, releases). */
export const DEPLOY_DEPS = Symbol('jetway.deployer.deploy-deps');
