export { startNats, findNatsServer, freePort } from './nats-fixture';
export type { NatsFixture } from './nats-fixture';
export { waitFor } from './wait-for';
export * from './receivers';
