import { ApproverEnrolment } from '@jetway/contracts';
import { UsageError } from './usage-error';

export type ApproversCommand =
  | { readonly command: 'approvers'; readonly action: 'list' }
  | { readonly command: 'approvers'; readonly action: 'enrol'; readonly name: string; readonly publicKey?: string; readonly out?: string }
  | { readonly command: 'approvers'; readonly action: 'revoke'; readonly name: string };

export interface ApproversOptions {
  readonly 'public-key'?: string;
  readonly out?: string;
}

const ACTIONS = ['list', 'enrol', 'revoke'] as const;
const ALLOWED: Record<(typeof ACTIONS)[number], readonly (keyof ApproversOptions)[]> = { list: [], enrol: ['public-key', 'out'], revoke: [] };

/** `jetway approvers list | enrol <name> [--public-key <U…> | --out <file>] | revoke <name>`. */
export function parseApproversArgs(rest: readonly string[], options: ApproversOptions): ApproversCommand {
  const [action, name, extra] = rest;
  const known = ACTIONS.find((a) => a === action);
  if (!known) {
    const said = action === undefined ? 'say what to do' : `unknown approvers action '${action}'`;
    throw new UsageError(`${said}: jetway approvers list | enrol <name> | revoke <name>`, 'approvers');
  }
  const foreign = (Object.keys(options) as (keyof ApproversOptions)[]).find((k) => options[k] !== undefined && !ALLOWED[known].includes(k));
  if (foreign) throw new UsageError(`--${foreign} is not an option of 'approvers ${known}' (jetway approvers --help)`, 'approvers');
  if (known === 'list') {
    if (name !== undefined) throw new UsageError(`'approvers list' takes no argument; remove '${name}'`, 'approvers');
    return { command: 'approvers', action: 'list' };
  }
  if (extra !== undefined) throw new UsageError(`'approvers ${known}' takes one name; remove '${extra}'`, 'approvers');
  const checked = checkName(name, known);
  if (known === 'revoke') return { command: 'approvers', action: 'revoke', name: checked };
  const publicKey = options['public-key'];
  if (publicKey !== undefined) {
    if (options.out !== undefined) throw new UsageError(`--out writes a new key's seed; with --public-key there is none to write`, 'approvers');
    if (!ApproverEnrolment.shape.public_key.safeParse(publicKey).success) {
      throw new UsageError(`--public-key '${publicKey}' is not a public user nkey: it starts with U and has 56 characters`, 'approvers');
    }
  }
  return { command: 'approvers', action: 'enrol', name: checked, ...(publicKey && { publicKey }), ...(options.out && { out: options.out }) };
}

function checkName(name: string | undefined, action: string): string {
  if (!name) throw new UsageError(`'approvers ${action}' needs the approver's name, as requests list it in approval.approvers`, 'approvers');
  const parsed = ApproverEnrolment.shape.name.safeParse(name);
  if (!parsed.success) throw new UsageError(`'${name}' cannot be an approver name: ${parsed.error.issues[0]?.message}`, 'approvers');
  return name;
}
