import { z } from 'zod';

// How a release is rolled out: the request's `rollout` block, per strategy (issue 9). The seed
// spec's names where it has them (canary_stages → steps: percentage/duration/success_criteria,
// manual_approval_points, traffic_management.success_criteria: error_rate/latency_p99).

/**
 * What a measurement must stay within for a step to pass. Strict: a metric name Jetway does not
 * measure is an error, never silently ignored (a typo would otherwise pass every analysis).
 */
export const SuccessCriteria = z.strictObject({
  /** Share of requests answered 5xx (or not answered), 0..1. */
  error_rate: z.number().min(0).max(1).optional(),
  /** p99 latency in milliseconds. */
  latency_p99_ms: z.number().positive().optional(),
});
export type SuccessCriteria = z.infer<typeof SuccessCriteria>;

/** One canary step: this share of traffic to the new release for this long, then analysis decides. */
export const CanaryStep = z.object({
  /** Percent of requests to the canary (1..100). */
  weight: z.number().int().min(1).max(100),
  /** Seconds at this weight before the step's analysis decides (0 only for the final 100 %). */
  duration_seconds: z.number().int().min(0).max(86_400),
  success_criteria: SuccessCriteria.optional(),
});
export type CanaryStep = z.infer<typeof CanaryStep>;

/** The spec's default canary: 5 % / 300 s, 25 % / 600 s, 50 % / 900 s, 100 %. */
export const DEFAULT_CANARY_STEPS: CanaryStep[] = [
  { weight: 5, duration_seconds: 300, success_criteria: { error_rate: 0.01, latency_p99_ms: 500 } },
  { weight: 25, duration_seconds: 600, success_criteria: { error_rate: 0.005, latency_p99_ms: 400 } },
  { weight: 50, duration_seconds: 900 },
  { weight: 100, duration_seconds: 0 },
];

/** Where analysis reads its measurements, and how a run of measurements is judged (Argo Rollouts' semantics). */
export const AnalysisSpec = z.object({
  /** `router`: the deployer's router sees every request (per release); `prometheus`: PromQL against a Prometheus. */
  provider: z.enum(['router', 'prometheus']).default('router'),
  /** Seconds between measurements. */
  interval_seconds: z.number().positive().max(3600).default(10),
  /** Failed measurements tolerated before the analysis fails (Argo's failureLimit). */
  failure_limit: z.number().int().min(0).default(0),
  /** Inconclusive measurements tolerated before the rollout pauses for a person (Argo's inconclusiveLimit). */
  inconclusive_limit: z.number().int().min(0).default(0),
  /** Consecutive provider errors (no answer) tolerated before the analysis fails. */
  consecutive_error_limit: z.number().int().min(0).default(4),
  /** Below this many requests in a measurement's window it is inconclusive, never a pass. */
  min_requests: z.number().int().min(1).default(20),
  /** For `prometheus`: the server and one PromQL query per criterion; `$release` is the release label. */
  prometheus: z
    .object({
      url: z.url(),
      queries: z.strictObject({ error_rate: z.string().min(1).optional(), latency_p99_ms: z.string().min(1).optional() }),
    })
    .optional(),
  /** Compare the canary with a baseline of the stable release (Mann-Whitney U on latency, Kayenta's judge). */
  baseline: z.object({ enabled: z.boolean().default(false), alpha: z.number().gt(0).lt(1).default(0.05) }).optional(),
});
export type AnalysisSpec = z.infer<typeof AnalysisSpec>;

const percent = z.string().regex(/^\d{1,3}%$/, 'write a weight of a step as "25%"');

export const CanaryRollout = z
  .object({
    steps: z.array(CanaryStep).min(1).default(() => DEFAULT_CANARY_STEPS.map((s) => ({ ...s }))),
    /** Weights (as "25%") at which the rollout pauses until an allowed approver promotes it. */
    manual_approval_points: z.array(percent).default([]),
  })
  .superRefine((canary, ctx) => {
    canary.steps.forEach((step, i) => {
      const before = canary.steps[i - 1];
      if (before && step.weight <= before.weight) ctx.addIssue({ code: 'custom', path: ['steps', i, 'weight'], message: `must rise: step ${i} is ${step.weight} %, after ${before.weight} %` });
      if (step.weight < 100 && step.duration_seconds === 0) ctx.addIssue({ code: 'custom', path: ['steps', i, 'duration_seconds'], message: 'give every step below 100 % a duration (seconds at that weight before its analysis decides)' });
    });
    const last = canary.steps.at(-1);
    if (last && last.weight !== 100) ctx.addIssue({ code: 'custom', path: ['steps'], message: `the weights must rise to 100 (the last is ${last.weight} %)` });
    const weights = new Set(canary.steps.map((s) => `${s.weight}%`));
    canary.manual_approval_points.forEach((point, i) => {
      if (!weights.has(point)) ctx.addIssue({ code: 'custom', path: ['manual_approval_points', i], message: `${point} is not the weight of a step (${[...weights].join(', ')})` });
    });
  });
export type CanaryRollout = z.infer<typeof CanaryRollout>;

export const BlueGreenRollout = z.object({
  /** Promote on its own once pre-promotion analysis passed (after `auto_promote_seconds`); false: wait for `jetway promote`. */
  auto_promote: z.boolean().default(true),
  auto_promote_seconds: z.number().int().min(0).default(0),
  /** Analysis of the new set on its preview URL before it gets traffic. */
  pre_promotion_analysis: z.boolean().default(true),
  /** Analysis after the switch; a failure switches traffic back to the old set. */
  post_promotion_analysis: z.boolean().default(true),
  /** Seconds the old set stays warm after promotion: a rollback inside it is an instant switch. */
  scale_down_delay_seconds: z.number().int().min(0).max(86_400).default(30),
});
export type BlueGreenRollout = z.infer<typeof BlueGreenRollout>;

/** `max_surge`/`max_unavailable`: an instance count, or a share of the replicas as "25%". */
const countOrPercent = z.union([z.number().int().min(0), z.string().regex(/^\d{1,3}%$/, 'write a count (2) or a share of the replicas ("25%")')]);

export const RollingRollout = z
  .object({
    /** New instances started above the replica count at a time. */
    max_surge: countOrPercent.default(1),
    /** Old instances stopped before their replacements are healthy. */
    max_unavailable: countOrPercent.default(0),
  })
  .refine((r) => !(r.max_surge === 0 && r.max_unavailable === 0), { message: 'max_surge and max_unavailable cannot both be 0: the rollout could never move', path: ['max_surge'] });
export type RollingRollout = z.infer<typeof RollingRollout>;

/** The request's `rollout` block; each strategy reads its own part. */
export const RolloutSpec = z.object({
  rolling: RollingRollout.prefault({}),
  blue_green: BlueGreenRollout.prefault({}),
  canary: CanaryRollout.prefault({}),
  analysis: AnalysisSpec.prefault({}),
});
export type RolloutSpec = z.infer<typeof RolloutSpec>;
