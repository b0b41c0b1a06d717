import type { EnvironmentType } from '@jetway/contracts';

/** Each environment's address space, the same for every provider, so no two environments overlap. */
export const ENVIRONMENT_CIDRS: Readonly<Record<EnvironmentType, string>> = {
  development: '10.30.0.0/16',
  staging: '10.10.0.0/16',
  production: '10.20.0.0/16',
  dr: '10.40.0.0/16',
};

/** Production and dr get production's sizes, zones and retention (the IaC rules treat dr as production). */
export function productionLike(environment: EnvironmentType): boolean {
  return environment === 'production' || environment === 'dr';
}
