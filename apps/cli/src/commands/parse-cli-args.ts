import { parseArgs } from 'node:util';
import { DeploymentRequest, PlanHash, RunId, StepId } from '@jetway/contracts';
import { parseApproversArgs, type ApproversCommand } from './parse-approvers-args';
import { parseDlqArgs, type DlqCommand } from './parse-dlq-args';
import { parseDriftArgs, type DriftCommand } from './parse-drift-args';
import { parseChangelogArgs, parseInfraRollbackArgs, type InfraCliCommand } from './parse-infra-args';
import { parseOperatorArgs, type OperatorCliCommand } from './parse-operator-args';
import { COMMANDS, type CommandName } from './usage';
import { UsageError } from './usage-error';

export type CliCommand =
  | { readonly command: 'help'; readonly topic?: CommandName }
  | { readonly command: 'version' }
  | { readonly command: 'publish'; readonly file: string; readonly watch: boolean; readonly idempotencyKey?: string }
  | { readonly command: 'status'; readonly runId: string; readonly json: boolean; readonly watch: boolean }
  | { readonly command: 'approve' | 'reject'; readonly runId: string; readonly as: string; readonly comment?: string; readonly key?: string; readonly plan?: string }
  | { readonly command: 'logs'; readonly runId: string; readonly step?: string }
  | { readonly command: 'report'; readonly runId: string; readonly step: string }
  | DlqCommand
  | DriftCommand
  | InfraCliCommand
  | ApproversCommand
  | OperatorCliCommand;

/** A parsed command line: the command plus global options. */
export type CliInvocation = CliCommand & {
  /** `--nats <url>`; undefined lets the caller choose its default. */
  readonly nats?: string;
};

const OPTIONS = {
  watch: { type: 'boolean' },
  'idempotency-key': { type: 'string' },
  json: { type: 'boolean' },
  as: { type: 'string' },
  comment: { type: 'string' },
  subject: { type: 'string' },
  limit: { type: 'string' },
  file: { type: 'string' },
  key: { type: 'string' },
  step: { type: 'string' },
  plan: { type: 'string' },
  'public-key': { type: 'string' },
  out: { type: 'string' },
  env: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  kind: { type: 'string' },
  application: { type: 'string' },
  status: { type: 'string' },
  nats: { type: 'string' },
  infra: { type: 'boolean' },
  approvers: { type: 'string' },
  'auto-approve': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;
type OptionName = keyof typeof OPTIONS;
type Values = { [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const ALLOWED: Record<CommandName, readonly OptionName[]> = {
  publish: ['watch', 'idempotency-key'],
  status: ['json', 'watch'],
  approve: ['as', 'comment', 'key', 'plan'],
  reject: ['as', 'comment', 'key', 'plan'],
  promote: ['as', 'comment', 'key'],
  abort: ['as', 'comment', 'key'],
  cancel: ['as', 'comment', 'key'],
  rollback: ['env', 'to', 'reason', 'as', 'key', 'idempotency-key', 'json', 'infra', 'approvers', 'auto-approve'],
  history: ['env', 'limit', 'json'],
  runs: ['kind', 'application', 'status', 'limit', 'json'],
  logs: ['step'],
  report: ['step'],
  dlq: ['subject', 'limit', 'file'],
  approvers: ['public-key', 'out'],
  drift: ['env', 'json'],
  changelog: ['env', 'limit', 'json'],
};

/**
 * Parses `jetway` arguments (`process.argv.slice(2)`). Throws `UsageError` naming what is
 * missing or wrong and how to fix it; validates run ids, file types, keys and the NATS URL.
 */
export function parseCliArgs(argv: readonly string[]): CliInvocation {
  const { values, positionals } = tokenize(argv);
  const [name, ...rest] = positionals;
  const topic = COMMANDS.find((c) => c === name);
  if (name !== undefined && !topic) {
    throw new UsageError(`unknown command '${name}': use one of ${COMMANDS.join(', ')} (jetway --help)`);
  }
  if (values.help) return topic ? { command: 'help', topic } : { command: 'help' };
  if (values.version && !topic) return { command: 'version' };
  if (!topic) throw new UsageError(`say which command to run: ${COMMANDS.join(', ')} (jetway --help)`);
  rejectForeignOptions(topic, values);
  const nats = values.nats === undefined ? {} : { nats: checkNatsUrl(values.nats, topic) };
  return { ...commandOf(topic, rest, values), ...nats };
}

function tokenize(argv: readonly string[]): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(explainParseError(error));
  }
}

function explainParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-{1,2}[^' <]+)/.exec(message ?? '')?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} (jetway --help lists the options)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(message ?? '')
      ? `${option} is a switch and takes no value: write just ${option}`
      : `${option} needs a value, e.g. ${option} ${option === '--nats' ? 'nats://127.0.0.1:4222' : '<value>'} (use ${option}=-x for a value starting with a dash)`;
  }
  return message ?? String(error);
}

function rejectForeignOptions(topic: CommandName, values: Values): void {
  const foreign = (Object.keys(values) as OptionName[]).filter(
    (k) => k !== 'nats' && k !== 'help' && !ALLOWED[topic].includes(k),
  );
  const first = foreign[0];
  if (first) throw new UsageError(`--${first} is not an option of '${topic}' (jetway ${topic} --help)`, topic);
}

function commandOf(topic: CommandName, rest: string[], values: Values): CliCommand {
  if (topic === 'dlq') return parseDlqArgs(rest, { subject: values.subject, limit: values.limit, file: values.file });
  if (topic === 'approvers') return parseApproversArgs(rest, { 'public-key': values['public-key'], out: values.out });
  if (topic === 'drift') return parseDriftArgs(rest, { env: values.env, json: values.json });
  if (topic === 'changelog') return parseChangelogArgs(rest, values);
  if (topic === 'rollback' && values.infra) return parseInfraRollbackArgs(rest, values);
  if (topic === 'rollback') refuseInfraOnly(values);
  if (isOperatorTopic(topic)) return parseOperatorArgs(topic, rest, values);
  const [target, extra] = rest;
  if (extra !== undefined) throw new UsageError(`'${topic}' takes one argument; remove '${extra}'`, topic);
  if (topic === 'publish') return publishOf(target, values);
  const runId = checkRunId(target, topic);
  if (topic === 'status') return { command: 'status', runId, json: values.json ?? false, watch: values.watch ?? false };
  if (topic === 'logs') return { command: 'logs', runId, ...(values.step !== undefined && { step: checkStep(values.step, topic) }) };
  if (topic === 'report') {
    if (values.step === undefined) throw new UsageError(`'report' needs the step whose report to print: --step scan`, topic);
    return { command: 'report', runId, step: checkStep(values.step, topic) };
  }
  const as = values.as?.trim();
  if (!as) throw new UsageError(`'${topic}' needs your name: add --as <name> (an approver the request allows)`, topic);
  const plan = values.plan === undefined ? undefined : checkPlanHash(values.plan, topic);
  return { command: topic, runId, as, ...(values.comment !== undefined && { comment: values.comment }), ...(values.key !== undefined && { key: values.key }), ...(plan !== undefined && { plan }) };
}

/** `--approvers` and `--auto-approve` are for an infrastructure rollback only: say so rather than ignore them. */
function refuseInfraOnly(values: Values): void {
  const option = (['approvers', 'auto-approve'] as const).find((name) => values[name] !== undefined);
  if (option) throw new UsageError(`--${option} is for the rollback of an infrastructure stack: add --infra (jetway rollback <stack> --infra --env <env> --approvers <names>)`, 'rollback');
}

/** `--plan`: the hash of the infrastructure plan the approver reviewed (jetway status shows it). */
function checkPlanHash(value: string, topic: CommandName): string {
  const hash = value.trim().toLowerCase().replace(/^sha256:/, '');
  if (!PlanHash.safeParse(hash).success) throw new UsageError(`--plan '${value}' is not a plan hash: give the 64 hex digits jetway status <run> shows for the plan under review`, topic);
  return hash;
}

const OPERATOR_TOPICS = ['promote', 'abort', 'cancel', 'rollback', 'history', 'runs'] as const;
function isOperatorTopic(topic: CommandName): topic is (typeof OPERATOR_TOPICS)[number] {
  return (OPERATOR_TOPICS as readonly string[]).includes(topic);
}

function checkStep(value: string, topic: CommandName): string {
  if (!StepId.safeParse(value).success) throw new UsageError(`--step '${value}' is not a step id: step ids look like build, scan, deploy-staging`, topic);
  return value;
}

function publishOf(file: string | undefined, values: Values): CliCommand {
  if (!file) throw new UsageError(`'publish' needs the request file: jetway publish <file.yaml|file.json>`, 'publish');
  if (!/\.(ya?ml|json)$/i.test(file)) {
    throw new UsageError(`'${file}' is neither YAML nor JSON: give a .yaml, .yml or .json file`, 'publish');
  }
  const key = values['idempotency-key'];
  if (key !== undefined) {
    const checked = DeploymentRequest.shape.idempotency_key.safeParse(key);
    if (!checked.success) {
      const why = checked.error.issues.map((i) => i.message).join('; ');
      throw new UsageError(`--idempotency-key '${key}' is not usable: ${why}`, 'publish');
    }
  }
  return { command: 'publish', file, watch: values.watch ?? false, ...(key !== undefined && { idempotencyKey: key }) };
}

function checkRunId(value: string | undefined, topic: CommandName): string {
  if (!value) throw new UsageError(`'${topic}' needs a run id: jetway ${topic} <runId> (publish prints it)`, topic);
  const runId = value.toUpperCase();
  if (!RunId.safeParse(runId).success) {
    throw new UsageError(`'${value}' is not a run id: a run id is a ULID, 26 characters like 01J9Z8X7W6V5T4S3R2Q1P0N9M8`, topic);
  }
  return runId;
}

function checkNatsUrl(value: string, topic: CommandName): string {
  const candidate = value.includes('://') ? value : `nats://${value}`;
  try {
    const url = new URL(candidate);
    if (['nats:', 'tls:', 'ws:', 'wss:'].includes(url.protocol) && url.hostname) return value;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`--nats '${value}' is not a NATS URL: write e.g. --nats nats://127.0.0.1:4222`, topic);
}
