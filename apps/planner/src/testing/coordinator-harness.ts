import type { ApproverEnrolment, Digest, Release, StepOutcome } from '@jetway/contracts';
import { createUser } from 'nkeys.js';
import type { Emit } from '../domain/outbox';
import { applyFinished } from '../domain/progress';
import type { RunState } from '../domain/run-state';
import { EnrolledApproverKeys } from '../drivers/nats/enrolled-approver-keys.driver';
import type { ReleaseRevision, RunRepository } from '../use-cases/ports';
import { DeadlineWatch } from '../use-cases/deadline-watch';
import { RunCoordinator } from '../use-cases/run-coordinator.use-case';

export const DIGEST = `sha256:${'b'.repeat(64)}` as Digest;
export const RUN_ID = '01J0000000000000000000000A';
export const alice = createUser();
export const mallory = createUser();
export const bob = createUser();
export const seedOf = (pair: typeof alice) => new TextDecoder().decode(pair.getSeed());

/** `alice` and `bob` are enrolled with their keys; `mallory` is not enrolled at all. */
export const enrolled = new Map<string, ApproverEnrolment>([
  ['alice', { name: 'alice', public_key: alice.getPublicKey(), enrolled_by: 'ops', enrolled_at: '2026-11-30T00:00:00Z' }],
  ['bob', { name: 'bob', public_key: bob.getPublicKey(), enrolled_by: 'ops', enrolled_at: '2026-11-30T00:00:00Z' }],
]);

export const release = (env: string) => ({ digest: DIGEST, url: `http://127.0.0.1:1/hello/${env}`, targets: ['127.0.0.1:2'] });

/** In-memory stand-ins for the planner's ports (its NATS drivers are covered by the int-specs). */
export function harness(
  options: { newRunId?: () => string; now?: () => string; store?: Map<string, { run: RunState; revision: number }>; repository?: RunRepository } = {},
) {
  /** The run store; `store` shares another harness's, as two planner replicas share KV jetway-runs; `repository` replaces it (the KV driver). */
  const runs = options.store ?? new Map<string, { run: RunState; revision: number }>();
  const reads = { count: 0 };
  const claims = new Map<string, string>();
  const published: Emit[] = [];
  const writes = { count: 0 };
  const conflicts = { left: 0 };
  const facts = { scan: undefined as 'pass' | 'fail' | undefined, verified: false };
  const recovered: string[] = [];
  const recorded = new Map<string, { step_id: string; attempt: number; outcome: 'succeeded' | 'failed'; outputs?: unknown }>();
  /** KV jetway-releases history: newest last, as the deployer wrote it. */
  const releases: Release[] = [];
  /** Tracks deadlines as the service does; not started, so nothing fires by itself. */
  const deadlines = new DeadlineWatch(() => undefined);
  const memoryRuns: RunRepository = {
    get: async (id) => {
      reads.count += 1;
      return runs.get(id);
    },
    create: async (run) => (runs.has(run.run_id) ? false : (runs.set(run.run_id, { run, revision: 1 }), 1)),
    update: async (run, revision) => {
      if (conflicts.left > 0) {
        // Another planner replica writes the run first: bump the stored revision under us.
        conflicts.left -= 1;
        const stored = runs.get(run.run_id);
        if (stored) runs.set(run.run_id, { ...stored, revision: stored.revision + 1 });
      }
      if (runs.get(run.run_id)?.revision !== revision) return false;
      runs.set(run.run_id, { run, revision: revision + 1 });
      writes.count += 1;
      return revision + 1;
    },
  };
  const coordinator = new RunCoordinator({
    runs: options.repository ?? memoryRuns,
    // The first claim of a key wins, as in KV: a second request with the key gets the first run id.
    requests: {
      claim: async (key, id) => claims.get(key) ?? (claims.set(key, id), id),
      lookup: async (key) => claims.get(key),
    },
    attestations: { scanVerdict: async () => facts.scan, verified: async () => facts.verified },
    approvers: new EnrolledApproverKeys({ get: async (name) => enrolled.get(name) }),
    releases: {
      history: async (application, environment) =>
        releases
          .map((r, i): ReleaseRevision => ({ release: r, revision: i + 1 }))
          .filter(({ release: r }) => r.application === application && (!environment || r.environment === environment))
          .reverse(),
    },
    steps: { recorded: async (kind, ref) => recorded.get(`${kind}.${ref.run_id}.${ref.step_id}.${ref.attempt}`) },
    events: { publish: async (_run, emit) => void published.push(emit) },
    deadlines,
    observer: { stepFinished: () => undefined, stepRecovered: (_run, stepId) => void recovered.push(stepId), runFinished: () => undefined },
    clock: { now: options.now ?? (() => new Date().toISOString()) },
    newRunId: options.newRunId ?? (() => RUN_ID),
  });
  const run = (id = RUN_ID) => runs.get(id)?.run as RunState;
  const subjects = () => published.map((e) => `${e.subject}${e.stepId ? `#${e.stepId}` : ''}`);
  const finish = (stepId: string, outputs?: Record<string, unknown>, outcome: StepOutcome = 'succeeded', runId = RUN_ID) =>
    coordinator.apply(runId, `${stepId}.finished`, (r, now) =>
      applyFinished(r, { step_id: stepId, attempt: 1, outcome, reason: outcome === 'succeeded' ? undefined : 'broken', outputs }, now),
    );
  return { coordinator, runs, run, published, subjects, facts, finish, writes, reads, recorded, recovered, conflicts, releases, deadlines };
}
