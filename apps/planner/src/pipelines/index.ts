import type { PipelineKind, PipelineRequest } from '@jetway/contracts';
import type { RunState } from '../domain/run-state';
import { ciCdSetupPipeline } from './ci-cd-setup/ci-cd-setup.definition';
import type { PipelineDefinition, RunOf } from './definition';
import { deploymentPipeline } from './deployment/deployment.definition';
import { infrastructurePipeline } from './infrastructure/infrastructure.definition';
import { monitoringSetupPipeline } from './monitoring-setup/monitoring-setup.definition';
import { rollbackPipeline } from './rollback/rollback.definition';

/** Every pipeline kind the planner runs, by kind: adding a kind adds its definition here. */
const DEFINITIONS: { readonly [K in PipelineKind]: PipelineDefinition<K> } = {
  deployment: deploymentPipeline,
  ci_cd_setup: ciCdSetupPipeline,
  monitoring_setup: monitoringSetupPipeline,
  infrastructure: infrastructurePipeline,
  rollback: rollbackPipeline,
};

/** The definition of a request's kind (typed loosely: the request and the definition match by kind). */
export function definitionOf(request: PipelineRequest): PipelineDefinition {
  return DEFINITIONS[request.kind] as unknown as PipelineDefinition;
}

/** The definition of a run's kind, with the run typed as that kind's. */
export function definitionOfRun(run: RunState): { definition: PipelineDefinition; run: RunOf<PipelineKind> } {
  return { definition: definitionOf(run.request), run: run as RunOf<PipelineKind> };
}

export { outputsOf, type AuthorizeContext, type PipelineDefinition, type ReviewDecision, type ReviewOpening, type ReviewVerdict, type RunOf } from './definition';
