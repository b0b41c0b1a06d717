export { startNats, findNatsServer, freePort } from './nats-fixture';
export type { NatsFixture } from './nats-fixture';
export { startNatsCluster, natsClusterConfig } from './nats-cluster';
export type { NatsCluster, NatsClusterOptions, ClusterNode, ClusterNodeSpec, LocalStreamState } from './nats-cluster';
export { waitFor } from './wait-for';
export { rawPublish } from './raw-publish';
export * from './receivers';
export { sharedSchemasDir, sharedSchemaPath } from './shared-schemas';
export * from './ci-fixtures';
