import type { DeploymentStrategy } from '@jetway/contracts';
import type { DeployDeps, DeployInput, DeployResult } from './deploy.types';
import { recreateDeploy } from './recreate-deploy.use-case';
import { rollingDeploy } from './rolling-deploy.use-case';

/**
 * Deploys with the requested strategy. Canary and blue-green need weighted routing and metric
 * analysis the local driver does not have yet; they fail clearly instead of silently rolling.
 */
export async function deployRelease(
  input: DeployInput & { readonly strategy: DeploymentStrategy },
  deps: DeployDeps,
): Promise<DeployResult> {
  switch (input.strategy) {
    case 'rolling':
      return rollingDeploy(input, deps);
    case 'recreate':
      return recreateDeploy(input, deps);
    case 'canary':
    case 'blue_green':
      return {
        outcome: 'failed',
        reason: `strategy '${input.strategy}' is not supported by the local driver yet; use 'rolling' or 'recreate'`,
        instances: [],
      };
  }
}
