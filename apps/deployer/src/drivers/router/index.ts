export { ProcessRouter } from './process-router.driver';
export type { ProcessRouterOptions } from './process-router.driver';
export { InProcessRouter } from './in-process-router.driver';
export { ensureRouter, stopRouter, defaultRouterCommand } from './router-launch';
export type { RouterCommand, RouterLaunch, FoundRouter } from './router-launch';
export { RouterUnreachable, RouterRefused } from './control-client';
export type { RouterStats, RouterStatsQuery, RouterStatsAnswer, RouterReleaseWindow } from './router-stats';
export { stopLocalPlatform } from './local-platform';
export type { StoppedPlatform } from './local-platform';
