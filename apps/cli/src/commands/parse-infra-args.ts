import { AppName, EnvironmentType } from '@jetway/contracts';
import { UsageError } from './usage-error';

/** `jetway changelog <stack> [--env <env>] [--limit <n>] [--json]`: the stack's applies, newest first. */
export type ChangelogCommand = {
  readonly command: 'changelog';
  readonly stack: string;
  readonly environment?: EnvironmentType;
  readonly limit: number;
  readonly json: boolean;
};

/**
 * `jetway rollback <stack> --infra --env <env> [--to <sequence>]`: an infrastructure request that
 * re-applies an earlier changelog entry's spec, planned and reviewed like any run.
 */
export type InfraRollbackCommand = {
  readonly command: 'infra-rollback';
  readonly stack: string;
  readonly environment: EnvironmentType;
  /** The changelog entry to restore; the newest earlier entry with other files when absent. */
  readonly to?: number;
  /** Who asks (restores.requested_by); the caller's login name when absent. */
  readonly as?: string;
  /** Who may approve the rollback's plan (approval.approvers): required, a plan that destroys always waits for people. */
  readonly approvers: readonly string[];
  /** approval.auto_approve: a plan that destroys nothing is approved by policy. */
  readonly autoApprove: boolean;
  readonly idempotencyKey?: string;
  readonly json: boolean;
};

export type InfraCliCommand = ChangelogCommand | InfraRollbackCommand;

/** The options these commands read (strings as typed; switches as booleans). */
export interface InfraValues {
  readonly env?: string;
  readonly limit?: string;
  readonly json?: boolean;
  readonly to?: string;
  readonly as?: string;
  readonly approvers?: string;
  readonly 'auto-approve'?: boolean;
  readonly 'idempotency-key'?: string;
  readonly key?: string;
  readonly reason?: string;
}

function stackOf(rest: readonly string[], topic: 'changelog' | 'rollback', example: string): string {
  const [stack, extra] = rest;
  if (!stack) throw new UsageError(`'${topic}' needs the stack: ${example} (the stack field of its infrastructure request)`, topic);
  if (extra !== undefined) throw new UsageError(`'${topic}' takes one stack; remove '${extra}'`, topic);
  if (!AppName.safeParse(stack).success) throw new UsageError(`'${stack}' is not a stack name: lower-case letters, digits and dashes, starting with a letter`, topic);
  return stack;
}

function environmentOf(value: string, topic: 'changelog' | 'rollback'): EnvironmentType {
  const parsed = EnvironmentType.safeParse(value);
  if (!parsed.success) throw new UsageError(`--env '${value}' is not one of ${EnvironmentType.options.join(', ')}`, topic);
  return parsed.data;
}

/** Parses `changelog <stack>`; throws `UsageError` naming what is wrong and the fix. */
export function parseChangelogArgs(rest: readonly string[], values: InfraValues): ChangelogCommand {
  const stack = stackOf(rest, 'changelog', 'jetway changelog <stack> [--env <env>]');
  const environment = values.env === undefined ? undefined : environmentOf(values.env, 'changelog');
  let limit = 50;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit '${values.limit}' must be a whole number from 1 to 1000`, 'changelog');
  }
  return { command: 'changelog', stack, limit, json: values.json ?? false, ...(environment && { environment }) };
}

function approversOf(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new UsageError(`--approvers '${value}' has an empty name: write the names comma-separated, e.g. --approvers alice,bob`, 'rollback');
  return [...new Set(names)];
}

/** Parses `rollback <stack> --infra`; throws `UsageError` naming what is wrong and the fix. */
export function parseInfraRollbackArgs(rest: readonly string[], values: InfraValues): InfraRollbackCommand {
  const stack = stackOf(rest, 'rollback', 'jetway rollback <stack> --infra --env <env> --approvers <names>');
  for (const option of ['key', 'reason'] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} is for the rollback of a deployment, not of an infrastructure stack (--infra): its plan is reviewed instead`, 'rollback');
  }
  if (!values.env) throw new UsageError(`'rollback --infra' needs the environment whose changelog to roll back: --env ${EnvironmentType.options.join('|')}`, 'rollback');
  const environment = environmentOf(values.env, 'rollback');
  let to: number | undefined;
  if (values.to !== undefined) {
    to = Number(values.to);
    if (!Number.isInteger(to) || to < 1) throw new UsageError(`--to '${values.to}' is not a changelog sequence: give the entry's number (jetway changelog ${stack} --env ${environment} lists them)`, 'rollback');
  }
  const approvers = approversOf(values.approvers);
  const autoApprove = values['auto-approve'] ?? false;
  if (approvers.length === 0) {
    // Even with --auto-approve: a plan that destroys anything always waits for people.
    throw new UsageError(`'rollback --infra' needs who may review its plan: --approvers <names> (comma-separated; add --auto-approve to let policy approve a plan that destroys nothing)`, 'rollback');
  }
  const key = values['idempotency-key'];
  if (key !== undefined && (key.length < 8 || key.length > 200)) {
    throw new UsageError(`--idempotency-key '${key}' is not usable: use 8 to 200 characters`, 'rollback');
  }
  const as = values.as?.trim();
  if (values.as !== undefined && !as) throw new UsageError(`--as needs your name (who asks for the rollback)`, 'rollback');
  return {
    command: 'infra-rollback',
    stack,
    environment,
    approvers,
    autoApprove,
    json: values.json ?? false,
    ...(to !== undefined && { to }),
    ...(as && { as }),
    ...(key !== undefined && { idempotencyKey: key }),
  };
}
