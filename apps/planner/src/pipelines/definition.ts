import { STEP_KINDS, type PipelineKind, type PipelineRequest, type PlannedStep, type WorkStepKind } from '@jetway/contracts';
import type { z } from 'zod';
import type { Emit } from '../domain/outbox';
import { findStep, type RunState, type StepState } from '../domain/run-state';
import type { ApproverKeys, AttestationReader, ReleaseHistory, RunRepository } from '../use-cases/ports';

/** What a definition's `authorize` may read: enrolled keys, what served where, other runs. */
export interface AuthorizeContext {
  readonly approvers: ApproverKeys;
  readonly releases: ReleaseHistory;
  readonly runs: Pick<RunRepository, 'get'>;
}

/** An approval step opens: what its outputs show, and whether the policy approves it alone (`auto`) or says why not (`note`). */
export type ReviewOpening = { refuse: string } | { outputs: Record<string, unknown>; auto?: string; note?: string };
/** A person's decision on a review step, as the definition sees it. */
export interface ReviewDecision {
  readonly decision: 'approved' | 'rejected';
  readonly approver: string;
  readonly plan_hash?: string;
}
/** A decision refused (a note, no change), or accepted: the step's outputs, and whether it is decided. */
export type ReviewVerdict = { refuse: string } | { outputs: Record<string, unknown>; complete: boolean; note?: string };

/** A run of one pipeline kind: its request is that kind's. */
export type RunOf<K extends PipelineKind> = RunState & { request: Extract<PipelineRequest, { kind: K }> };

/**
 * A pipeline kind, defined in its own folder: its plan (a DAG of steps), what each step's trigger
 * gets from the request and from the outputs of the steps before it, and its gates. The
 * coordinator, run state, status view and outbox are generic and ask the definition.
 */
export interface PipelineDefinition<K extends PipelineKind = PipelineKind> {
  readonly kind: K;
  /** The application a run is about: it names the run, its metrics and its notifications. */
  application(request: RunOf<K>['request']): string;
  /** A refusal before anything runs (a policy, what is not available yet), or undefined. */
  check(request: RunOf<K>['request']): string | undefined;
  /**
   * A refusal that needs I/O — a signature checked against an enrolled key, who may act on what
   * serves now — or undefined. Asked once, for a new run, after `check`; a kind without it needs none.
   */
  authorize?(request: RunOf<K>['request'], context: AuthorizeContext): Promise<string | undefined>;
  plan(request: RunOf<K>['request']): PlannedStep[];
  /** The event that sets a step off: its trigger, or for an approval step the approval request. */
  trigger(run: RunOf<K>, step: StepState): Emit;
  /** A gate before a step is set off (reads attestations, never payload claims), or undefined. */
  gate(run: RunOf<K>, step: StepState, attestations: AttestationReader): Promise<string | undefined>;
  /**
   * A kind whose approvals review something with its own rules (an infrastructure plan, bound to
   * its hash, with more than one approver for some changes). Without it an approval is one
   * allowed approver's decision, and `auto_approve` approves.
   */
  readonly review?: {
    open(run: RunOf<K>, step: StepState, autoApprove: boolean): ReviewOpening;
    decide(run: RunOf<K>, step: StepState, decision: ReviewDecision): ReviewVerdict;
  };
  /** What status and the finished event show: the run's main artifact, and the URLs it serves at. */
  summary(run: RunOf<K>): { digest?: string; urls: Record<string, string> };
}

const lenient = new Map<WorkStepKind, z.ZodType>();

/** A kind's outputs schema with every field optional (built once per kind: the planner's hot path reads it). */
function lenientOutputs(kind: WorkStepKind): z.ZodType {
  let schema = lenient.get(kind);
  if (!schema) {
    const outputs = (STEP_KINDS[kind].finished as unknown as { shape: { outputs: z.ZodOptional<z.ZodObject> } }).shape.outputs.unwrap();
    schema = outputs.partial();
    lenient.set(kind, schema);
  }
  return schema;
}

export type StepOutputs<K extends WorkStepKind> = NonNullable<z.output<(typeof STEP_KINDS)[K]['finished']>['outputs']>;

/**
 * The outputs a finished step of `kind` reported, typed by its kind's contract, each field checked
 * when present (a run upcast from an older planner carries only some). Undefined when the step
 * has none (not finished, or it failed before producing any) or when they do not fit the
 * contract — the caller then says what is missing, it never guesses.
 */
export function outputsOf<K extends WorkStepKind>(run: RunState, stepId: string, kind: K): Partial<StepOutputs<K>> | undefined {
  const step = findStep(run, stepId);
  if (!step?.outputs || step.kind !== kind) return undefined;
  const parsed = lenientOutputs(kind).safeParse(step.outputs);
  return parsed.success ? (parsed.data as Partial<StepOutputs<K>>) : undefined;
}
