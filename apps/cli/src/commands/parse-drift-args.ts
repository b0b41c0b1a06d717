import { AppName, EnvironmentType } from '@jetway/contracts';
import { UsageError } from './usage-error';

/** `jetway drift <stack> [--env <env>] [--json]`: check a stack's applied configuration against what runs, now. */
export type DriftCommand = {
  readonly command: 'drift';
  readonly stack: string;
  readonly environment?: EnvironmentType;
  readonly json: boolean;
};

export interface DriftValues {
  readonly env?: string;
  readonly json?: boolean;
}

/** Parses `drift <stack>`; throws `UsageError` naming what is wrong and the fix. */
export function parseDriftArgs(rest: readonly string[], values: DriftValues): DriftCommand {
  const [stack, extra] = rest;
  if (!stack) throw new UsageError(`'drift' needs the stack: jetway drift <stack> [--env <env>] (the stack field of its infrastructure request)`, 'drift');
  if (extra !== undefined) throw new UsageError(`'drift' takes one stack; remove '${extra}'`, 'drift');
  if (!AppName.safeParse(stack).success) throw new UsageError(`'${stack}' is not a stack name: lower-case letters, digits and dashes, starting with a letter`, 'drift');
  let environment: EnvironmentType | undefined;
  if (values.env !== undefined) {
    const parsed = EnvironmentType.safeParse(values.env);
    if (!parsed.success) throw new UsageError(`--env '${values.env}' is not one of ${EnvironmentType.options.join(', ')}`, 'drift');
    environment = parsed.data;
  }
  return { command: 'drift', stack, json: values.json ?? false, ...(environment && { environment }) };
}
