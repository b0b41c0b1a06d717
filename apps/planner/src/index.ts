import { startService, type ServiceHandle } from '@jetway/messaging';
import type { PlannerConfig } from './config/planner.config';
import { PlannerModule } from './planner.module';

export { loadPlannerConfig, PlannerEnv } from './config/planner.config';
export type { PlannerConfig } from './config/planner.config';

/** Starts the planner: runs, plans, gates, deadlines, status queries. */
export function startPlanner(config: PlannerConfig): Promise<ServiceHandle> {
  return startService({
    service: 'planner',
    env: config,
    feature: PlannerModule,
    // A deadline event is published when it falls due (use-cases/deadline-watch); one written by an
    // older planner ahead of time still waits by being nak'ed until due: many deliveries, not few.
    server: { perSubject: { 'jetway.timer.step-deadline.v1': { maxDeliver: 1000, concurrency: 64 } } },
  });
}
