// The deployer's test-support door (`@jetway/deployer/testing`), beside its one door for
// production code (index.ts): what a tool needs to drive the real deployer on a real nats-server
// the way the deployer's own int-specs do. Only the tools may open it (eslint.config.mjs).
export { RolloutMesh, HEALTH } from './strategies/rollout-mesh.fixture';
export type { Arrived, DeployOptions, RolloutMeshOptions } from './strategies/rollout-mesh.fixture';
