import { ENVIRONMENT_ORDER, type Environment, type PipelineFinished, type StepOutcome } from '@jetway/contracts';
import type { PagerDutySeverity } from './notification-intent';

/** The scope of an incident with no environment: the run failed before any step had one. */
export const UNSCOPED = 'unscoped';
export type IncidentScope = Environment | typeof UNSCOPED;

/** Whose failure pages when the run does not say (an event from before the field existed). */
export const DEFAULT_PAGERDUTY_ENVIRONMENTS: readonly Environment[] = ['production'];

const BAD_OUTCOMES: ReadonlySet<StepOutcome> = new Set(['failed', 'rolled_back', 'errored']);

/** `jetway/<app>/<env>`: stable per (application, environment), so PagerDuty keeps one incident. */
export function dedupKeyFor(application: string, scope: IncidentScope): string {
  return `jetway/${application}/${scope}`;
}

function inPromotionOrder(envs: Iterable<Environment>): Environment[] {
  const set = new Set(envs);
  return ENVIRONMENT_ORDER.filter((env) => set.has(env));
}

/**
 * Where a failed run hurts: the environments of its failed / rolled back / errored steps; if the
 * failure happened before any environment (a build or scan), the first environment it did not
 * reach, since that is what is now stuck; `unscoped` if the plan had no environment at all.
 */
export function failedScopes(run: PipelineFinished): IncidentScope[] {
  const failing = run.steps.filter((s) => s.outcome && BAD_OUTCOMES.has(s.outcome));
  const failingEnvs = inPromotionOrder(failing.flatMap((s) => (s.environment ? [s.environment] : [])));
  if (failingEnvs.length > 0) return failingEnvs;
  const unreached = inPromotionOrder(
    run.steps.flatMap((s) => (s.environment && s.outcome !== 'succeeded' ? [s.environment] : [])),
  );
  const first = unreached[0];
  return first ? [first] : [UNSCOPED];
}

/**
 * The scopes of a failed run that page on-call: those in the run's `pagerduty_environments`
 * (production when absent). An unscoped failure names no environment, so it never matches.
 */
export function pagedScopes(run: PipelineFinished, scopes: readonly IncidentScope[]): Environment[] {
  const paged = new Set<IncidentScope>(run.pagerduty_environments ?? DEFAULT_PAGERDUTY_ENVIRONMENTS);
  return scopes.filter((scope): scope is Environment => scope !== UNSCOPED && paged.has(scope));
}

/** Environments whose deploy rolled back in this run: the new release was undone, the previous one serves. */
export function rolledBackEnvironments(run: PipelineFinished): Environment[] {
  return inPromotionOrder(
    run.steps.flatMap((s) => (s.kind === 'deploy' && s.outcome === 'rolled_back' && s.environment ? [s.environment] : [])),
  );
}

/** The environments a run deployed to: its succeeded deploy steps and the URLs it reports. */
export function deployedEnvironments(run: PipelineFinished): Environment[] {
  const fromSteps = run.steps.flatMap((s) =>
    s.kind === 'deploy' && s.outcome === 'succeeded' && s.environment ? [s.environment] : [],
  );
  const fromUrls = ENVIRONMENT_ORDER.filter((env) => env in run.urls);
  return inPromotionOrder([...fromSteps, ...fromUrls]);
}

/** Production pages loudest; a rollback is less severe than a failure (the old release still serves). */
export function severityFor(kind: 'failed' | 'rolled_back', scope: IncidentScope): PagerDutySeverity {
  if (kind === 'rolled_back') return scope === 'production' ? 'error' : 'warning';
  if (scope === 'production') return 'critical';
  return scope === 'development' ? 'warning' : 'error';
}
