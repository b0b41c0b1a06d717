/** Injection token for the infrastructure steps' ports (`InfraDeps`, built by `wireInfra`): the stack store among them. */
export const INFRA_DEPS = Symbol('jetway.deployer.infra-deps');
