import type { BranchingStrategy, Environment } from '@jetway/contracts';
import type { BranchPattern, Triggers } from './pipeline-model';

/**
 * What runs the pipeline under each branching strategy, and where each environment deploys from:
 * - github_flow: pull requests to main and pushes to main; every environment deploys from main,
 *   one after the other.
 * - trunk_based: pushes to main and to the short-lived branches, pull requests to main; every
 *   environment deploys from main, one after the other.
 * - gitflow: develop, release/*, hotfix/* and main; development deploys from develop, staging from
 *   release/* and hotfix/*, production from main (the branches are the promotion).
 * - gitlab_flow: main plus one branch per environment; development deploys from main, staging
 *   from `staging`, production from `production` (merging downstream promotes).
 */
export function triggersFor(strategy: BranchingStrategy, environments: readonly Environment[]): Triggers {
  switch (strategy) {
    case 'github_flow':
      return { push: ['main'], pullRequest: ['main'], description: 'GitHub flow: feature branches reach main through pull requests; main deploys to every environment in turn.' };
    case 'trunk_based':
      return { push: ['*'], pullRequest: ['main'], description: 'Trunk-based: short-lived branches are checked on every push and merged to main quickly; main deploys to every environment in turn.' };
    case 'gitflow':
      return {
        push: ['main', 'develop', 'release/*', 'hotfix/*'],
        pullRequest: ['main', 'develop'],
        description: 'Gitflow: develop deploys to development, release/* and hotfix/* to staging, main (a finished release) to production.',
      };
    case 'gitlab_flow': {
      const envBranches = environments.filter((environment) => environment !== 'development');
      return {
        push: ['main', ...envBranches],
        pullRequest: ['main', ...envBranches],
        description: `GitLab flow with environment branches: main deploys to development; merging main into ${envBranches.map((b) => `\`${b}\``).join(' and ') || 'an environment branch'} deploys there.`,
      };
    }
  }
}

/** The branches an environment deploys from under a strategy. */
export function deployBranches(strategy: BranchingStrategy, environment: Environment): BranchPattern[] {
  if (strategy === 'gitflow') return environment === 'development' ? ['develop'] : environment === 'staging' ? ['release/*', 'hotfix/*'] : ['main'];
  if (strategy === 'gitlab_flow') return environment === 'development' ? ['main'] : [environment];
  return ['main'];
}

/** `release/*` → a prefix (`release/`); a plain name → undefined. */
export function branchPrefix(pattern: BranchPattern): string | undefined {
  return pattern.endsWith('/*') ? pattern.slice(0, -1) : undefined;
}
