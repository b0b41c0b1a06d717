import { z } from 'zod';
import { BuildFinished, BuildTriggered } from './build.v1';
import { AnalyzeFinished, AnalyzeTriggered, GenerateFinished, GenerateTriggered, ProveFinished, ProveTriggered, PublishFinished, PublishTriggered, ValidateFinished, ValidateTriggered } from './ci-setup.v1';
import { DEFAULT_DEADLINES } from './deadlines';
import { DeployFinished, DeployTriggered, RollbackFinished, RollbackTriggered } from './deploy.v1';
import { InfraApplyFinished, InfraApplyTriggered, InfraConfigureFinished, InfraConfigureTriggered, InfraGenerateFinished, InfraGenerateTriggered, InfraPlanFinished, InfraPlanTriggered, InfraScanFinished, InfraScanTriggered, InfraVerifyFinished, InfraVerifyTriggered } from './infrastructure.v1';
import { MonitorFinished, MonitorTriggered } from './monitor.v1';
import { MonitoringApplyFinished, MonitoringApplyTriggered, MonitoringGenerateFinished, MonitoringGenerateTriggered, MonitoringValidateFinished, MonitoringValidateTriggered, MonitoringVerifyFinished, MonitoringVerifyTriggered } from './monitoring-setup.v1';
import { ScanFinished, ScanTriggered } from './scan.v1';
import { VerifyFinished, VerifyTriggered } from './verify.v1';

/** The services that own step kinds (the workers). */
export type WorkerService = 'builder' | 'scanner' | 'deployer' | 'monitor-configurator';

/** A step kind's declaration: who does it, its payloads, how it maps onto CDEvents, what each phase means. */
export interface StepKindSpec<T extends z.ZodType = z.ZodType, F extends z.ZodType = z.ZodType> {
  readonly owner: WorkerService;
  readonly triggered: T;
  readonly finished: F;
  /** CDEvents types of the triggered, started and finished events. */
  readonly cdevents: { readonly triggered: string; readonly started: string; readonly finished: string };
  /** What the triggered event asks for and what the finished event says, for the AsyncAPI document. */
  readonly asks: string;
  readonly tells: string;
}

const taskrun = { triggered: 'dev.cdevents.taskrun.queued.0.2.0', started: 'dev.cdevents.taskrun.started.0.2.0', finished: 'dev.cdevents.taskrun.finished.0.2.0' };
const testrun = { triggered: 'dev.cdevents.testcaserun.queued.0.2.0', started: 'dev.cdevents.testcaserun.started.0.2.0', finished: 'dev.cdevents.testcaserun.finished.0.2.0' };
const packaged = { ...taskrun, finished: 'dev.cdevents.artifact.packaged.0.2.0' };

function kind<T extends z.ZodType, F extends z.ZodType>(spec: StepKindSpec<T, F>): StepKindSpec<T, F> {
  return spec;
}

/**
 * Every step kind, declared once: its subjects (`jetway.step.<kind>.{triggered,started,finished}.v1`
 * in the registry), payloads, owner and — in deadlines.ts — default deadline. Step-kind unions,
 * owners, deadlines, the planner's subjects and the README's subjects table derive from this list.
 * `approval` is not here: a person, not a worker, finishes it (`jetway.approval.*`).
 */
export const STEP_KINDS = {
  build: kind({ owner: 'builder', triggered: BuildTriggered, finished: BuildFinished, cdevents: packaged, asks: 'Build the source into an artifact.', tells: 'Build ended; outputs carry the digest.' }),
  scan: kind({ owner: 'scanner', triggered: ScanTriggered, finished: ScanFinished, cdevents: taskrun, asks: 'Scan an artifact (and its source) by digest.', tells: 'Scan ended with a verdict and its findings; the attestation is written.' }),
  deploy: kind({ owner: 'deployer', triggered: DeployTriggered, finished: DeployFinished, cdevents: { ...taskrun, finished: 'dev.cdevents.service.deployed.0.2.0' }, asks: 'Roll an artifact out to an environment.', tells: 'Rollout ended: deployed, failed or rolled back.' }),
  verify: kind({ owner: 'deployer', triggered: VerifyTriggered, finished: VerifyFinished, cdevents: testrun, asks: 'Verify a release through its stable URL.', tells: 'Verification ended; on success the attestation is written.' }),
  monitor: kind({ owner: 'monitor-configurator', triggered: MonitorTriggered, finished: MonitorFinished, cdevents: taskrun, asks: 'Configure monitoring for a release.', tells: 'Monitoring configured; outputs list the files.' }),
  analyze: kind({ owner: 'builder', triggered: AnalyzeTriggered, finished: AnalyzeFinished, cdevents: taskrun, asks: 'Analyse a project from its files.', tells: 'Analysis ended; outputs carry the project analysis and the tree analysed.' }),
  generate: kind({ owner: 'builder', triggered: GenerateTriggered, finished: GenerateFinished, cdevents: packaged, asks: 'Generate CI configuration for the requested platforms.', tells: 'Generation ended; outputs carry the bundle digest and its files.' }),
  validate: kind({ owner: 'scanner', triggered: ValidateTriggered, finished: ValidateFinished, cdevents: testrun, asks: "Validate generated CI configuration with each platform's own validators.", tells: 'Validation ended; outputs carry every validator result.' }),
  prove: kind({ owner: 'builder', triggered: ProveTriggered, finished: ProveFinished, cdevents: testrun, asks: "Run the generated pipeline's build and test commands on the project.", tells: 'Proof ended; outputs carry what ran, coverage and what was skipped.' }),
  rollback: kind({ owner: 'deployer', triggered: RollbackTriggered, finished: RollbackFinished, cdevents: { ...taskrun, finished: 'dev.cdevents.service.rolledback.0.2.0' }, asks: 'Serve an earlier release of an application again.', tells: 'Rolled back; outputs carry the release that serves now.' }),
  'monitoring-generate': kind({ owner: 'monitor-configurator', triggered: MonitoringGenerateTriggered, finished: MonitoringGenerateFinished, cdevents: packaged, asks: 'Generate a monitoring bundle from an inventory, SLAs and alerting channels.', tells: 'Generation ended; outputs carry the bundle digest, its files and counts.' }),
  'monitoring-validate': kind({ owner: 'monitor-configurator', triggered: MonitoringValidateTriggered, finished: MonitoringValidateFinished, cdevents: testrun, asks: "Validate a monitoring bundle with promtool, amtool and its generated tests.", tells: 'Validation ended; outputs carry every check.' }),
  'monitoring-apply': kind({ owner: 'monitor-configurator', triggered: MonitoringApplyTriggered, finished: MonitoringApplyFinished, cdevents: taskrun, asks: 'Apply a monitoring bundle to the stack and reload it.', tells: 'Applied (or restored after a failed reload); outputs carry the files and URLs.' }),
  'monitoring-verify': kind({ owner: 'monitor-configurator', triggered: MonitoringVerifyTriggered, finished: MonitoringVerifyFinished, cdevents: testrun, asks: 'Verify the stack runs the applied bundle: targets up, rules loaded, Alertmanager config.', tells: 'Verification ended; outputs carry what the stack reported.' }),
  'infra-generate': kind({ owner: 'builder', triggered: InfraGenerateTriggered, finished: InfraGenerateFinished, cdevents: packaged, asks: "Generate a stack's IaC files (Terraform by layer and environment, Packer, Ansible, messaging).", tells: 'Generation ended; outputs carry the files digest and whether they can be applied here.' }),
  'infra-scan': kind({ owner: 'scanner', triggered: InfraScanTriggered, finished: InfraScanFinished, cdevents: testrun, asks: 'Scan generated IaC with the policy rules and cost it against the budget.', tells: 'Scan ended; outputs carry the findings (SARIF) and the monthly cost estimate.' }),
  'infra-plan': kind({ owner: 'deployer', triggered: InfraPlanTriggered, finished: InfraPlanFinished, cdevents: taskrun, asks: "Lock the stack's environments and plan one of them.", tells: 'Planned; outputs carry the plan hash and what it adds, changes and destroys.' }),
  'infra-apply': kind({ owner: 'deployer', triggered: InfraApplyTriggered, finished: InfraApplyFinished, cdevents: taskrun, asks: 'Apply exactly the reviewed plan (hash checked).', tells: 'Applied; outputs carry what changed and the changelog entry.' }),
  'infra-configure': kind({ owner: 'deployer', triggered: InfraConfigureTriggered, finished: InfraConfigureFinished, cdevents: taskrun, asks: 'Run the configuration stage (Ansible), then again to prove it changes nothing.', tells: 'Configured; outputs carry the changes of both runs.' }),
  'infra-verify': kind({ owner: 'deployer', triggered: InfraVerifyTriggered, finished: InfraVerifyFinished, cdevents: testrun, asks: 'Verify an environment: messaging probes and smoke tests.', tells: 'Verification ended; outputs carry every check.' }),
  publish: kind({ owner: 'builder', triggered: PublishTriggered, finished: PublishFinished, cdevents: taskrun, asks: 'Commit the generated files on a new branch of the project.', tells: 'Published; outputs name the branch and commit (or the patch file).' }),
} as const;

export type WorkStepKind = keyof typeof STEP_KINDS;
export const WORK_STEP_KINDS = Object.keys(STEP_KINDS) as WorkStepKind[];

/** Every kind a planned step can have: the work step kinds and `approval`. */
export const StepKind = z.enum([...WORK_STEP_KINDS, 'approval'] as unknown as [WorkStepKind | 'approval', ...(WorkStepKind | 'approval')[]]);
export type StepKind = z.infer<typeof StepKind>;

/** Who finishes a step of this kind: its worker service, or the approvers. */
export function ownerOf(kind: StepKind): WorkerService | 'approvers' {
  return kind === 'approval' ? 'approvers' : STEP_KINDS[kind].owner;
}

/** A kind's default deadline in seconds. */
export function defaultDeadlineOf(kind: StepKind): number {
  return DEFAULT_DEADLINES[kind];
}

/** The step kinds a service works on. */
export function kindsOwnedBy(service: WorkerService): WorkStepKind[] {
  return WORK_STEP_KINDS.filter((kind) => STEP_KINDS[kind].owner === service);
}
