// Child processes that serve on a port (nats-server, Prometheus, Alertmanager…) and waiting for a
// condition, and a command run with a timeout that kills its process group: used by the services that run such processes and by the test fixtures alike.
export { NatsProcess, portOpen, type NatsProcessOptions } from './nats-process';
export { waitFor } from './wait-for';
export { runWithTimeout, type RunOptions, type RunOutcome } from './run-with-timeout';
