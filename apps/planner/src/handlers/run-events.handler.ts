import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { type ApprovalDecided, type OperatorDecided, type PipelineRequest, type RolloutProgressed, type StepDeadline, type StepStarted } from '@jetway/contracts';
import { NotYetError, PermanentError, type MessageMeta } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { applyProgress } from '../domain/operator';
import { applyStarted, applyFinished } from '../domain/progress';
import { findStep, type RunState } from '../domain/run-state';
import { DeferredStarts } from '../use-cases/held-until-finished';
import { RunCoordinator } from '../use-cases/run-coordinator.use-case';
import { FINISHED_SUBJECTS, STARTED_SUBJECTS, type AnyStepFinished } from './subjects';

/** Thin: decode (done by the transport) → one coordinator call. The deadlines' start and stop are PlannerLifecycle's. */
@Controller()
export class RunEventsHandler {
  constructor(
    @Inject(RunCoordinator) private readonly coordinator: RunCoordinator,
    @Inject(DeferredStarts) private readonly starts: DeferredStarts,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @EventPattern('jetway.pipeline.requested.v1')
  async requested(@Payload() request: PipelineRequest, @Ctx() meta: MessageMeta): Promise<void> {
    const span = trace.getActiveSpan()?.spanContext();
    await this.coordinator.requested(request, span && `00-${span.traceId}-${span.spanId}-01`, meta.ignoredFields());
  }

  @EventPattern(STARTED_SUBJECTS)
  started(@Payload() event: StepStarted, @Ctx() meta: MessageMeta): void {
    // Written with the step's finished, or on its own a second later (use-cases/held-until-finished).
    this.starts.hear(event, meta.envelope.id);
  }

  @EventPattern(FINISHED_SUBJECTS)
  async finished(@Payload() event: AnyStepFinished, @Ctx() meta: MessageMeta): Promise<void> {
    const start = this.starts.take(event);
    const held = (run: RunState) => (start ? applyStarted(run, start.event, start.at) : run);
    let run: RunState;
    try {
      // A deploy's last rollout move comes in its finished (applyFinished).
      run = await this.on(event.run_id, meta, (r, now) => applyFinished(held(r), event, now));
    } catch (error) {
      // The finished comes again; the start it took goes with it then.
      if (start) this.starts.hear(start.event, start.eventId, start.at);
      throw error;
    }
    if (findStep(run, event.step_id)?.status === 'pending') {
      // Not a silent success: the run took nothing from it (a worker that ran ahead of its trigger, or a forged event).
      this.logger.warn(`${meta.subject} for step ${event.step_id}, which the run has not set off yet, changes nothing: a step finishes only after its trigger`, { run_id: event.run_id, step_id: event.step_id, attempt: event.attempt });
    }
  }

  @EventPattern('jetway.approval.decided.v1')
  async decided(@Payload() event: ApprovalDecided, @Ctx() meta: MessageMeta): Promise<void> {
    known(await this.coordinator.decided(event.run_id, meta.envelope.id, event), event.run_id, meta);
  }

  @EventPattern('jetway.operator.decided.v1')
  async operatorDecided(@Payload() event: OperatorDecided, @Ctx() meta: MessageMeta): Promise<void> {
    known(await this.coordinator.operatorDecided(event.run_id, meta.envelope.id, event), event.run_id, meta);
  }

  @EventPattern('jetway.rollout.progressed.v1')
  async progressed(@Payload() event: RolloutProgressed, @Ctx() meta: MessageMeta): Promise<void> {
    await this.on(event.run_id, meta, (run) => applyProgress(run, event));
  }

  @EventPattern('jetway.timer.step-deadline.v1')
  async deadline(@Payload() event: StepDeadline, @Ctx() meta: MessageMeta): Promise<void> {
    const wait = Date.parse(event.due_at) - Date.now();
    if (wait > 0) throw new NotYetError(wait);
    known(await this.coordinator.deadline(event.run_id, meta.envelope.id, event), event.run_id, meta);
  }

  private async on(runId: string, meta: MessageMeta, change: (run: RunState, now: string) => RunState): Promise<RunState> {
    return known(await this.coordinator.apply(runId, meta.envelope.id, change), runId, meta);
  }
}

function known(run: RunState | undefined, runId: string, meta: MessageMeta): RunState {
  if (!run) throw new PermanentError(`no run ${runId}: ${meta.subject} refers to a run the planner never created`);
  return run;
}
