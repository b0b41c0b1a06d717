import { z } from 'zod';
import { ApprovalDecided, ApprovalRequested } from './approval/approval.v1';
import { PipelineFinished, PipelinePlanned, StepDeadline } from './pipeline/lifecycle.v1';
import { DeploymentRequest } from './pipeline/request.v1';
import { BuildFinished, BuildTriggered } from './step/build.v1';
import { DeployFinished, DeployTriggered } from './step/deploy.v1';
import { StepStarted } from './step/lifecycle';
import { MonitorFinished, MonitorTriggered } from './step/monitor.v1';
import { ScanFinished, ScanTriggered } from './step/scan.v1';
import { VerifyFinished, VerifyTriggered } from './step/verify.v1';

/** One persisted event type: its schema and how it maps onto CloudEvents and CDEvents. */
export interface EventContract {
  readonly schema: z.ZodType;
  /** The CDEvents type this event corresponds to, for CD tools that speak CDEvents. */
  readonly cdevent?: string;
  readonly summary: string;
}

/**
 * Every persisted subject, `jetway.<domain>.<event>.v<major>`. Within a major only optional
 * fields may be added; a breaking change is a new subject (and an upcaster from the old one).
 */
export const events = {
  'jetway.pipeline.requested.v1': {
    schema: DeploymentRequest,
    cdevent: 'dev.cdevents.pipelinerun.queued.0.2.0',
    summary: 'A user asks for a pipeline run (CLI, webhook, CI job).',
  },
  'jetway.pipeline.planned.v1': {
    schema: PipelinePlanned,
    cdevent: 'dev.cdevents.pipelinerun.started.0.2.0',
    summary: 'The planner accepted the request and derived its step DAG.',
  },
  'jetway.pipeline.finished.v1': {
    schema: PipelineFinished,
    cdevent: 'dev.cdevents.pipelinerun.finished.0.2.0',
    summary: 'A run ended: succeeded, failed or rejected, with the reason.',
  },
  'jetway.timer.step-deadline.v1': {
    schema: StepDeadline,
    summary: "The planner's deadline alarm for one step attempt.",
  },
  'jetway.step.build.triggered.v1': { schema: BuildTriggered, cdevent: 'dev.cdevents.taskrun.queued.0.2.0', summary: 'Build the source into an artifact.' },
  'jetway.step.build.started.v1': { schema: StepStarted, cdevent: 'dev.cdevents.taskrun.started.0.2.0', summary: 'A builder took the step.' },
  'jetway.step.build.finished.v1': { schema: BuildFinished, cdevent: 'dev.cdevents.artifact.packaged.0.2.0', summary: 'Build ended; outputs carry the digest.' },
  'jetway.step.scan.triggered.v1': { schema: ScanTriggered, cdevent: 'dev.cdevents.taskrun.queued.0.2.0', summary: 'Scan an artifact by digest.' },
  'jetway.step.scan.started.v1': { schema: StepStarted, cdevent: 'dev.cdevents.taskrun.started.0.2.0', summary: 'A scanner took the step.' },
  'jetway.step.scan.finished.v1': { schema: ScanFinished, cdevent: 'dev.cdevents.taskrun.finished.0.2.0', summary: 'Scan ended with a verdict; the attestation is written.' },
  'jetway.step.deploy.triggered.v1': { schema: DeployTriggered, cdevent: 'dev.cdevents.taskrun.queued.0.2.0', summary: 'Roll an artifact out to an environment.' },
  'jetway.step.deploy.started.v1': { schema: StepStarted, cdevent: 'dev.cdevents.taskrun.started.0.2.0', summary: 'A deployer took the step.' },
  'jetway.step.deploy.finished.v1': { schema: DeployFinished, cdevent: 'dev.cdevents.service.deployed.0.2.0', summary: 'Rollout ended: deployed, failed or rolled back.' },
  'jetway.step.verify.triggered.v1': { schema: VerifyTriggered, cdevent: 'dev.cdevents.testcaserun.queued.0.2.0', summary: 'Verify a release through its stable URL.' },
  'jetway.step.verify.started.v1': { schema: StepStarted, cdevent: 'dev.cdevents.testcaserun.started.0.2.0', summary: 'A deployer took the verification.' },
  'jetway.step.verify.finished.v1': { schema: VerifyFinished, cdevent: 'dev.cdevents.testcaserun.finished.0.2.0', summary: 'Verification ended; on success the attestation is written.' },
  'jetway.step.monitor.triggered.v1': { schema: MonitorTriggered, cdevent: 'dev.cdevents.taskrun.queued.0.2.0', summary: 'Configure monitoring for a release.' },
  'jetway.step.monitor.started.v1': { schema: StepStarted, cdevent: 'dev.cdevents.taskrun.started.0.2.0', summary: 'A monitor-configurator took the step.' },
  'jetway.step.monitor.finished.v1': { schema: MonitorFinished, cdevent: 'dev.cdevents.taskrun.finished.0.2.0', summary: 'Monitoring configured; outputs list the files.' },
  'jetway.approval.requested.v1': { schema: ApprovalRequested, summary: 'A run waits for a human decision.' },
  'jetway.approval.decided.v1': { schema: ApprovalDecided, summary: 'Somebody approved or rejected.' },
} as const satisfies Record<string, EventContract>;

export type EventSubject = keyof typeof events;
/** The payload a subject carries once parsed (defaults filled in). */
export type EventPayload<S extends EventSubject> = z.output<(typeof events)[S]['schema']>;
/** What a publisher may pass for a subject (defaults may be left out). */
export type EventInput<S extends EventSubject> = z.input<(typeof events)[S]['schema']>;

export const EVENT_SUBJECTS = Object.keys(events) as EventSubject[];

export function isEventSubject(subject: string): subject is EventSubject {
  return Object.hasOwn(events, subject);
}

/** The step kinds that have triggered/started/finished subjects (approval has its own). */
export type WorkStepKind = 'build' | 'scan' | 'deploy' | 'verify' | 'monitor';
export type StepPhase = 'triggered' | 'started' | 'finished';
export type StepSubject<K extends WorkStepKind, P extends StepPhase> = `jetway.step.${K}.${P}.v1`;

export function stepSubject<K extends WorkStepKind, P extends StepPhase>(kind: K, phase: P): StepSubject<K, P> {
  return `jetway.step.${kind}.${phase}.v1`;
}

/** Core NATS request/reply subjects (not persisted). */
export const queries = {
  runStatus: 'jetway.query.run-status.v1',
  runLookup: 'jetway.query.run-lookup.v1',
} as const;
