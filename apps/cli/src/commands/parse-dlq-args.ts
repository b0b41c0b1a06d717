import { DLQ_PREFIX } from '@jetway/contracts';
import { UsageError } from './usage-error';

export type DlqAction = 'list' | 'show' | 'replay';
export const DLQ_ACTIONS: readonly DlqAction[] = ['list', 'show', 'replay'];

export type DlqCommand =
  | { readonly command: 'dlq'; readonly action: 'list'; readonly limit: number; readonly subject?: string }
  | { readonly command: 'dlq'; readonly action: 'show'; readonly seq: number }
  | { readonly command: 'dlq'; readonly action: 'replay'; readonly seq: number; readonly file?: string };

/** The options `dlq` takes, by action. */
export interface DlqOptions {
  readonly subject?: string;
  readonly limit?: string;
  readonly file?: string;
}

export const DEFAULT_DLQ_LIMIT = 20;
const MAX_DLQ_LIMIT = 10_000;
const ALLOWED: Record<DlqAction, readonly (keyof DlqOptions)[]> = { list: ['subject', 'limit'], show: [], replay: ['file'] };

/** `jetway dlq <action> …`: checks the action, its argument and that only its options are given. */
export function parseDlqArgs(rest: readonly string[], options: DlqOptions): DlqCommand {
  const [action, target, extra] = rest;
  const known = DLQ_ACTIONS.find((a) => a === action);
  if (!known) {
    const said = action === undefined ? 'say what to do' : `unknown dlq action '${action}'`;
    throw new UsageError(`${said}: jetway dlq list | show <seq> | replay <seq>`, 'dlq');
  }
  const foreign = (Object.keys(options) as (keyof DlqOptions)[]).find((k) => options[k] !== undefined && !ALLOWED[known].includes(k));
  if (foreign) throw new UsageError(`--${foreign} is not an option of 'dlq ${known}' (jetway dlq --help)`, 'dlq');
  if (known === 'list') {
    if (target !== undefined) throw new UsageError(`'dlq list' takes no argument; to filter, write --subject ${target}`, 'dlq');
    const subject = options.subject === undefined ? {} : { subject: checkSubject(options.subject) };
    return { command: 'dlq', action: 'list', limit: checkLimit(options.limit), ...subject };
  }
  if (extra !== undefined) throw new UsageError(`'dlq ${known}' takes one sequence number; remove '${extra}'`, 'dlq');
  const seq = checkSeq(target, known);
  if (known === 'show') return { command: 'dlq', action: 'show', seq };
  return { command: 'dlq', action: 'replay', seq, ...(options.file !== undefined && { file: checkFile(options.file) }) };
}

function checkSeq(value: string | undefined, action: DlqAction): number {
  if (value === undefined) throw new UsageError(`'dlq ${action}' needs the dead letter's sequence number: jetway dlq ${action} <seq> (the SEQ column of jetway dlq list)`, 'dlq');
  const seq = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seq) || seq < 1) {
    throw new UsageError(`'${value}' is not a sequence number: give the SEQ column of jetway dlq list, e.g. jetway dlq ${action} 42`, 'dlq');
  }
  return seq;
}

function checkLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DLQ_LIMIT;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_DLQ_LIMIT) {
    throw new UsageError(`--limit '${value}' is not usable: give a whole number from 1 to ${MAX_DLQ_LIMIT}`, 'dlq');
  }
  return limit;
}

/** The original subject to filter on; `jetway-dlq.` in front is accepted and dropped. */
function checkSubject(value: string): string {
  const subject = value.startsWith(`${DLQ_PREFIX}.`) ? value.slice(DLQ_PREFIX.length + 1) : value;
  const tokens = subject.split('.');
  const wellFormed = tokens.every((t, i) => t !== '' && !/\s/.test(t) && (t === '>' ? i === tokens.length - 1 : !t.includes('>')));
  if (!wellFormed) {
    throw new UsageError(`--subject '${value}' is not a NATS subject: write e.g. --subject jetway.step.build.triggered.v1 (* and > are wildcards)`, 'dlq');
  }
  return subject;
}

function checkFile(file: string): string {
  if (!/\.json$/i.test(file)) throw new UsageError(`--file '${file}' must be a .json file holding the corrected event`, 'dlq');
  return file;
}
