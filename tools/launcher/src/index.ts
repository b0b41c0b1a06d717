// The launcher's door for other tools (chaos, bench): start, wait for and stop services as processes.
export { compiledServices, compiledSource, precompile, SERVICE_NODE_FLAGS } from './compile';
export { SERVICES, spawnService, stopChild, stopService, TYPESCRIPT_COMMAND, waitReady } from './services';
export type { RunningService, Service, ServiceCommand } from './services';
export { fillPlaceholders, type PlaceholderValues } from './request-template';
