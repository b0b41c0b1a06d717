import { z } from 'zod';

/** A run id: a ULID (26 Crockford base32 characters), minted by the planner. */
export const RunId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID (26 characters, Crockford base32)');

/** A step id inside a plan, e.g. `build`, `deploy-staging`. */
export const StepId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes');

/** A content address: `sha256:` followed by 64 lower-case hex digits. */
export const Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>');
export type Digest = z.infer<typeof Digest>;

/** Attempt number of a step, starting at 1; part of every deterministic event id. */
export const Attempt = z.number().int().min(1).max(100);

export const Environment = z.enum(['development', 'staging', 'production']);
export type Environment = z.infer<typeof Environment>;

/** Promotion order: a request's environments are deployed in this order. */
export const ENVIRONMENT_ORDER: readonly Environment[] = ['development', 'staging', 'production'];

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const DeploymentStrategy = z.enum(['rolling', 'blue_green', 'canary', 'recreate']);
export type DeploymentStrategy = z.infer<typeof DeploymentStrategy>;

/**
 * How a step ended. `rolled_back`: the change was undone and the previous release still serves;
 * `errored`: the worker could not do its job (infrastructure), as opposed to `failed` (the
 * subject of the step is bad); `skipped`: not needed by the plan.
 */
export const StepOutcome = z.enum(['succeeded', 'failed', 'rolled_back', 'errored', 'skipped']);
export type StepOutcome = z.infer<typeof StepOutcome>;


/** Application names double as URL path segments and KV key tokens. */
export const AppName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, starting with a letter');

export const Timestamp = z.iso.datetime({ offset: true });
