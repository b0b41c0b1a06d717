import { Module } from '@nestjs/common';
import { ulid } from 'ulid';
import { ApproverRegistry, AttestationStore, EffectLedger, EventPublisher, Mesh, METRICS, storedEvents } from '@jetway/messaging';
import { JsonLogger, type Metrics } from '@jetway/telemetry';
import { MetricsRunObserver } from './drivers/metrics-observer.driver';
import { EnrolledApproverKeys } from './drivers/nats/enrolled-approver-keys.driver';
import { KvReleaseHistory } from './drivers/nats/kv-release-history.driver';
import { KvRequestIndex, KvRunRepository, PublisherEventSink, WorkerStepRecords } from './drivers/nats/nats-ports.driver';
import { RunEventsHandler } from './handlers/run-events.handler';
import { RunQueriesHandler } from './handlers/run-queries.handler';
import type { StepStarted } from '@jetway/contracts';
import { applyStarted } from './domain/progress';
import type { RunState } from './domain/run-state';
import { DeadlineWatch } from './use-cases/deadline-watch';
import { DeferredStarts, type Held } from './use-cases/held-until-finished';
import { PlannerLifecycle } from './use-cases/planner-lifecycle';
import { RunCoordinator } from './use-cases/run-coordinator.use-case';

/** Writes a held note on its own (its step's finished did not come in time); a failure only leaves the display behind. */
function writeHeld<E extends { run_id: string; step_id: string; attempt: number }>(coordinator: RunCoordinator, logger: JsonLogger, apply: (run: RunState, note: Held<E>) => RunState, what: string) {
  return async (note: Held<E>): Promise<void> => {
    const { run_id, step_id } = note.event;
    try {
      const run = await coordinator.apply(run_id, note.eventId, (r) => apply(r, note));
      if (!run) logger.warn(`${what} of a run the planner never created`, { run_id, step_id });
    } catch (error) {
      logger.warn(`could not record ${what}; only what status shows until the step finishes is lost`, { run_id, step_id, error: String(error) });
    }
  };
}

@Module({
  controllers: [RunEventsHandler, RunQueriesHandler],
  providers: [
    { provide: KvRunRepository, inject: [Mesh], useFactory: (mesh: Mesh) => new KvRunRepository(mesh) },
    { provide: KvRequestIndex, inject: [Mesh], useFactory: (mesh: Mesh) => new KvRequestIndex(mesh) },
    { provide: KvReleaseHistory, inject: [Mesh], useFactory: (mesh: Mesh) => new KvReleaseHistory(mesh.kv('releases')) },
    {
      provide: DeadlineWatch,
      inject: [JsonLogger],
      useFactory: (logger: JsonLogger) =>
        new DeadlineWatch((due, error) =>
          logger.warn('could not publish a step deadline that fell due; trying again in a second', { run_id: due.runId, step_id: due.stepId, attempt: due.attempt, error: String(error) }),
        ),
    },
    {
      provide: RunCoordinator,
      inject: [Mesh, AttestationStore, EventPublisher, KvRunRepository, KvRequestIndex, KvReleaseHistory, METRICS, EffectLedger, JsonLogger, DeadlineWatch],
      useFactory: (
        mesh: Mesh,
        attestations: AttestationStore,
        publisher: EventPublisher,
        runs: KvRunRepository,
        requests: KvRequestIndex,
        releases: KvReleaseHistory,
        metrics: Metrics,
        ledger: EffectLedger,
        logger: JsonLogger,
        deadlines: DeadlineWatch,
      ) =>
        new RunCoordinator({
          runs,
          requests,
          attestations,
          approvers: new EnrolledApproverKeys(new ApproverRegistry(mesh.kv('approvers'))),
          releases,
          steps: new WorkerStepRecords(ledger, storedEvents(mesh.jsm), logger),
          events: new PublisherEventSink(publisher),
          deadlines,
          observer: new MetricsRunObserver(metrics),
          clock: { now: () => new Date().toISOString() },
          newRunId: () => ulid(),
        }),
    },
    {
      provide: DeferredStarts,
      inject: [RunCoordinator, JsonLogger],
      useFactory: (coordinator: RunCoordinator, logger: JsonLogger) =>
        new DeferredStarts(writeHeld<StepStarted>(coordinator, logger, (run, { event, at }) => applyStarted(run, event, at), 'a step\'s start')),
    },
    {
      // Its Nest hooks: at start the deadline watch and the store's sweep; at a stop the watch stopped, then the held starts written.
      provide: PlannerLifecycle,
      inject: [RunCoordinator, DeadlineWatch, DeferredStarts, KvRunRepository, JsonLogger],
      useFactory: (coordinator: RunCoordinator, deadlines: DeadlineWatch, starts: DeferredStarts, runs: KvRunRepository, log: JsonLogger) =>
        new PlannerLifecycle({ coordinator, deadlines, starts, runs, log }),
    },
  ],
})
export class PlannerModule {}
