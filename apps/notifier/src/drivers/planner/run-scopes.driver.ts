import type { NatsConnection } from 'nats';
import { queries, RunStatusReply } from '@jetway/contracts';
import { PermanentError, requestReply } from '@jetway/messaging';
import type { DeployScope, RunScopes } from '../../use-cases';

/**
 * Asks the planner's status query (`jetway.query.run-status.v1`, core NATS request/reply) which
 * application and environment a run's deploy step was about. No answer, or an answer that is
 * not a status reply (the planner failed to read its store), is a `TransientError`; an answer
 * that the run or step does not exist is a `PermanentError`.
 */
export class PlannerRunScopes implements RunScopes {
  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 5_000,
  ) {}

  async scopeOf(runId: string, stepId: string): Promise<DeployScope> {
    const reply = await requestReply(this.nc, queries.runStatus, { run_id: runId }, RunStatusReply, this.timeoutMs);
    if (!reply.found) throw new PermanentError(`the planner knows no run ${runId}: ${reply.error}`);
    const step = reply.run.steps.find((s) => s.step_id === stepId);
    if (!step?.environment) throw new PermanentError(`run ${runId} has no step ${stepId} with an environment`);
    return { application: reply.run.application, environment: step.environment };
  }
}
