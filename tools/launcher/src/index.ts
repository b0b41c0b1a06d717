// The launcher's door for other tools (chaos, bench): start, wait for and stop services as processes.
export { SERVICES, spawnService, stopChild, stopService, waitReady } from './services';
export type { RunningService, Service } from './services';
