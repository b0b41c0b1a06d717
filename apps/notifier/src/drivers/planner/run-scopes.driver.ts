import type { NatsConnection } from 'nats';
import { queries, RunStatusReply } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
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
    const reply = RunStatusReply.safeParse(await this.ask(runId));
    if (!reply.success) throw new TransientError(`the planner's status reply for run ${runId} is not a status: ${reply.error.message}`);
    if (!reply.data.found) throw new PermanentError(`the planner knows no run ${runId}: ${reply.data.error}`);
    const step = reply.data.run.steps.find((s) => s.step_id === stepId);
    if (!step?.environment) throw new PermanentError(`run ${runId} has no step ${stepId} with an environment`);
    return { application: reply.data.run.application, environment: step.environment };
  }

  private async ask(runId: string): Promise<unknown> {
    try {
      const msg = await this.nc.request(queries.runStatus, JSON.stringify({ run_id: runId }), { timeout: this.timeoutMs });
      return msg.json();
    } catch (cause) {
      throw new TransientError(`no answer on ${queries.runStatus} for run ${runId} (is the planner running?): ${String(cause)}`, { cause });
    }
  }
}
