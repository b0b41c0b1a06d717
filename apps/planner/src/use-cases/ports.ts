import type { ApprovalDecided, Digest, Environment, Release, WorkStepKind } from '@jetway/contracts';
import type { Authentication, FinishedEvent } from '../domain/progress';
import type { Emit } from '../domain/outbox';
import type { RunState } from '../domain/run-state';

/** Run state with compare-and-set on the revision. */
export interface RunRepository {
  get(runId: string): Promise<{ run: RunState; revision: number } | undefined>;
  /** The new revision; false when a run with this id already exists. */
  create(run: RunState): Promise<number | false>;
  /** The new revision; false when the run changed since `revision` was read (another planner replica wrote it): re-read and apply again. */
  update(run: RunState, revision: number): Promise<number | false>;
}

/** Maps an idempotency key to the one run it started. */
export interface RequestIndex {
  /** Records `runId` for `key` unless another run holds it; returns the holder. */
  claim(key: string, runId: string): Promise<string>;
  lookup(key: string): Promise<string | undefined>;
}

/** Attestations written by the scanner and deployer, read by the gates. */
export interface AttestationReader {
  scanVerdict(digest: Digest): Promise<'pass' | 'fail' | undefined>;
  verified(environment: Environment, digest: Digest): Promise<boolean>;
}

/** What a step's worker recorded once the work was done: in its effect ledger, or as its finished event in JETWAY_EVENTS. */
export interface StepRecords {
  /**
   * The finished event of a step attempt that the worker recorded although the planner never got
   * it: the result in the effect ledger (a step of outside effects), or the event as JETWAY_EVENTS
   * stored it, published `since` the trigger or later (repeatable work); undefined when neither.
   */
  recorded(kind: WorkStepKind, ref: { run_id: string; step_id: string; attempt: number }, since: string): Promise<FinishedEvent | undefined>;
}

/** Proves a decision comes from the approver it names: a signature by the key enrolled for that name. */
export interface ApproverKeys {
  authenticate(decision: ApprovalDecided): Promise<Authentication>;
  /**
   * Any other signed text (an operator's decision, a rollback request): does `signature` verify
   * `text` with the key enrolled for `approver`? `what` names the thing signed, for the refusal.
   */
  verify(approver: string, text: string, signature: string | undefined, what: string): Promise<Authentication>;
}

/** One revision of a `<app>.<env>` entry in KV jetway-releases: what served, from when. */
export interface ReleaseRevision {
  release: Release;
  /** KV revision: higher is newer. */
  revision: number;
}

/** The history of what served (application, environment): the releases bucket keeps the last revisions of each key. */
export interface ReleaseHistory {
  /** Newest first; every environment of the application when `environment` is absent. */
  history(application: string, environment?: Environment): Promise<ReleaseRevision[]>;
}

/** Runs in the run store, for listings. */
export interface RunIndex {
  /** Every run id in the store (ULIDs: sorting them orders runs by creation). */
  ids(): Promise<string[]>;
}

/** Keeps the deadlines of a run's live steps (use-cases/deadline-watch). */
export interface DeadlineTracker {
  track(run: RunState): void;
}

/** Publishes the planner's events inside the run's trace. */
export interface EventSink {
  publish(runId: string, emit: Emit): Promise<void>;
}

/** Counts what happened, for /metrics (DORA and run outcomes). */
export interface RunObserver {
  stepFinished(run: RunState, stepId: string): void;
  /** A step finished from its worker's effect record at the deadline: its finished event was lost. */
  stepRecovered(run: RunState, stepId: string): void;
  runFinished(run: RunState): void;
}

export interface Clock {
  now(): string;
}
