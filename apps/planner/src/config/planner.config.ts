import { loadEnv, MeshEnv } from '@jetway/messaging';

export const PlannerEnv = MeshEnv;
export type PlannerConfig = MeshEnv;

/** The only place the planner reads process.env. */
export function loadPlannerConfig(env: NodeJS.ProcessEnv = process.env): PlannerConfig {
  return loadEnv(PlannerEnv, env);
}
