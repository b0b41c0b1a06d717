import { AppName, Digest, Environment, PipelineKindName, RollbackRequest, RunId, RunStatusName } from '@jetway/contracts';
import { UsageError } from './usage-error';

/** `promote` / `abort` / `cancel <run>`: signed like approvals. */
export type OperatorCommand = {
  readonly command: 'promote' | 'abort' | 'cancel';
  readonly runId: string;
  readonly as: string;
  readonly comment?: string;
  readonly key?: string;
};

/** `rollback <application> --env <env>`: a signed rollback request, followed until it ends. */
export type RollbackCommand = {
  readonly command: 'rollback';
  readonly application: string;
  readonly environment: Environment;
  readonly as: string;
  readonly to?: string;
  readonly reason?: string;
  readonly key?: string;
  readonly idempotencyKey?: string;
  readonly json: boolean;
};

export type HistoryCommand = { readonly command: 'history'; readonly application: string; readonly environment?: Environment; readonly limit: number; readonly json: boolean };
export type RunsCommand = {
  readonly command: 'runs';
  readonly kind?: KindName;
  readonly application?: string;
  readonly status?: StatusName;
  readonly limit: number;
  readonly json: boolean;
};

export type OperatorCliCommand = OperatorCommand | RollbackCommand | HistoryCommand | RunsCommand;
export type OperatorTopic = OperatorCliCommand['command'];
type KindName = (typeof PipelineKindName.options)[number];
type StatusName = (typeof RunStatusName.options)[number];

/** The options these commands read (strings as typed; switches as booleans). */
export interface OperatorValues {
  readonly as?: string;
  readonly comment?: string;
  readonly key?: string;
  readonly env?: string;
  readonly to?: string;
  readonly reason?: string;
  readonly kind?: string;
  readonly application?: string;
  readonly status?: string;
  readonly limit?: string;
  readonly json?: boolean;
  readonly 'idempotency-key'?: string;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string, topic: OperatorTopic): T {
  const found = allowed.find((a) => a === value);
  if (!found) throw new UsageError(`${option} '${value}' is not one of ${allowed.join(', ')}`, topic);
  return found;
}

function limitOf(value: string | undefined, topic: OperatorTopic, max: number): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--limit '${value}' must be a whole number from 1 to ${max}`, topic);
  return n;
}

function applicationOf(value: string | undefined, topic: OperatorTopic, example: string): string {
  if (!value) throw new UsageError(`'${topic}' needs the application: ${example}`, topic);
  if (!AppName.safeParse(value).success) throw new UsageError(`'${value}' is not an application name: lower-case letters, digits and dashes, starting with a letter`, topic);
  return value;
}

function asOf(values: OperatorValues, topic: OperatorTopic): string {
  const as = values.as?.trim();
  if (!as) throw new UsageError(`'${topic}' needs your name: add --as <name> (an approver of the run, with an enrolled key)`, topic);
  return as;
}

function runIdOf(value: string | undefined, topic: OperatorTopic): string {
  if (!value) throw new UsageError(`'${topic}' needs a run id: jetway ${topic} <runId> --as <name>`, topic);
  const runId = value.toUpperCase();
  if (!RunId.safeParse(runId).success) throw new UsageError(`'${value}' is not a run id: a run id is a ULID, 26 characters like 01J9Z8X7W6V5T4S3R2Q1P0N9M8`, topic);
  return runId;
}

function rollbackOf(target: string | undefined, values: OperatorValues): RollbackCommand {
  const application = applicationOf(target, 'rollback', 'jetway rollback <application> --env <env> --as <name>');
  if (!values.env) throw new UsageError(`'rollback' needs the environment: --env ${Environment.options.join('|')}`, 'rollback');
  const environment = oneOf(values.env, Environment.options, '--env', 'rollback');
  if (values.to !== undefined && !Digest.safeParse(values.to).success) throw new UsageError(`--to '${values.to}' is not a digest: write sha256:<64 hex digits> (jetway history ${application} --env ${environment} --json lists them)`, 'rollback');
  const key = values['idempotency-key'];
  if (key !== undefined && !RollbackRequest.shape.idempotency_key.safeParse(key).success) throw new UsageError(`--idempotency-key '${key}' is not usable: use 8 to 200 characters`, 'rollback');
  if (values.reason !== undefined && values.reason.length > 2000) throw new UsageError('--reason is longer than 2000 characters', 'rollback');
  return {
    command: 'rollback',
    application,
    environment,
    as: asOf(values, 'rollback'),
    json: values.json ?? false,
    ...(values.to !== undefined && { to: values.to }),
    ...(values.reason !== undefined && { reason: values.reason }),
    ...(values.key !== undefined && { key: values.key }),
    ...(key !== undefined && { idempotencyKey: key }),
  };
}

/** Parses `promote|abort|cancel <run>`, `rollback <app>`, `history <app>` and `runs`; throws `UsageError` naming the fix. */
export function parseOperatorArgs(topic: OperatorTopic, rest: readonly string[], values: OperatorValues): OperatorCliCommand {
  const [target, extra] = rest;
  if (topic === 'runs' && target !== undefined) throw new UsageError(`'runs' takes no argument; filter with --kind, --application, --status`, topic);
  if (extra !== undefined) throw new UsageError(`'${topic}' takes one argument; remove '${extra}'`, topic);
  switch (topic) {
    case 'promote':
    case 'abort':
    case 'cancel': {
      const runId = runIdOf(target, topic);
      return { command: topic, runId, as: asOf(values, topic), ...(values.comment !== undefined && { comment: values.comment }), ...(values.key !== undefined && { key: values.key }) };
    }
    case 'rollback':
      return rollbackOf(target, values);
    case 'history': {
      const application = applicationOf(target, topic, 'jetway history <application> [--env <env>]');
      const environment = values.env === undefined ? undefined : oneOf(values.env, Environment.options, '--env', topic);
      return { command: 'history', application, limit: limitOf(values.limit, topic, 200), json: values.json ?? false, ...(environment && { environment }) };
    }
    case 'runs': {
      const kind = values.kind === undefined ? undefined : oneOf(values.kind, PipelineKindName.options, '--kind', topic);
      const status = values.status === undefined ? undefined : oneOf(values.status, RunStatusName.options, '--status', topic);
      const application = values.application === undefined ? undefined : applicationOf(values.application, topic, '--application <name>');
      return { command: 'runs', limit: limitOf(values.limit, topic, 500), json: values.json ?? false, ...(kind && { kind }), ...(status && { status }), ...(application && { application }) };
    }
  }
}
