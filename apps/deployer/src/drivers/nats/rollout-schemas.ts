import { z } from 'zod';
import { DeploymentStrategy, Environment, ReleaseSpec, RolloutSpec } from '@jetway/contracts';
import type { StoredCommand, WarmSet } from '../../strategies/rollout-store.port';
import type { RolloutState } from '../../strategies/rollout.types';

// The shapes of the deployer's own entries in KV `jetway-rollouts`, checked when read back: a
// rollout resumed from a malformed entry would move traffic on a guess.

const Side = z.object({ digest: z.string(), spec: ReleaseSpec, label: z.string() });
const Phase = z.enum(['starting', 'batching', 'restoring', 'shifting', 'previewing', 'analysing', 'pre_analysis', 'awaiting', 'paused', 'promoting', 'post_analysis', 'retiring', 'aborting', 'cleaning', 'done']);

export const RolloutStateEntry: z.ZodType<RolloutState> = z.object({
  run_id: z.string(),
  step_id: z.string(),
  attempt: z.number().int(),
  application: z.string(),
  environment: Environment,
  strategy: DeploymentStrategy,
  rollout: RolloutSpec,
  release: Side,
  stable: Side.optional(),
  phase: Phase,
  stage: z.number().int().min(0),
  weight: z.number(),
  fresh: z.array(z.string()),
  old: z.array(z.string()),
  sequence: z.number().int().min(0),
  since: z.number(),
  deadline: z.number().optional(),
  reason: z.string().optional(),
  detail: z.string().optional(),
  route: z.object({ stable: z.enum(['old', 'fresh', 'both']), canary: z.number().optional(), preview: z.boolean().optional() }).optional(),
  command_revision: z.number().int().min(0),
  end: z
    .object({ outcome: z.enum(['succeeded', 'failed', 'rolled_back']), reason: z.string().optional(), record: z.boolean(), keepWarmSeconds: z.number().optional() })
    .optional(),
}) as z.ZodType<RolloutState>;

export const StoredCommandEntry: z.ZodType<StoredCommand> = z.object({
  run_id: z.string(),
  step_id: z.string(),
  attempt: z.number().int(),
  command: z.enum(['promote', 'abort']),
  event_id: z.string().optional(),
  by: z.string(),
  comment: z.string().optional(),
});

export const WarmSetEntry: z.ZodType<WarmSet> = z.object({
  application: z.string(),
  environment: Environment,
  side: Side,
  targets: z.array(z.string()),
  until: z.number(),
  replaced_by: z.string(),
});
