import 'reflect-metadata';
import { runMain } from '@jetway/messaging';
import { loadPlannerConfig, startPlanner } from './index';

runMain('planner', () => startPlanner(loadPlannerConfig()), { mustWrite: ['runs', 'idempotency'] });
