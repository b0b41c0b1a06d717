import { environmentsOf, InfrastructureRequest, type ChangelogEntry, type InfrastructureSpec } from '@jetway/contracts';
import { CliError } from '../client/errors';
import type { InfraRollbackCommand } from './parse-infra-args';

/** An entry that can be re-applied: one with its spec recorded. */
export type RestorableEntry = ChangelogEntry & { spec: InfrastructureSpec };

const listHint = (command: InfraRollbackCommand) => `jetway changelog ${command.stack} --env ${command.environment}`;

/** The entry before `current` whose files differ from it (an apply that changed nothing restores nothing). */
function previousConfiguration(entries: readonly ChangelogEntry[], current: ChangelogEntry): ChangelogEntry | undefined {
  return entries.find((e) => e.sequence < current.sequence && e.digest !== current.digest);
}

/**
 * Which changelog entry `jetway rollback <stack> --infra` re-applies (pure): `--to`'s, else the
 * newest entry before the current one whose files differ from the current files. Refuses (a
 * CliError saying why and what to do) when there is none, when the entry has no recorded spec,
 * and when its run applied more than the environment asked for (a staging entry of a production
 * run: re-applying it would apply production too).
 */
export function entryToRestore(entries: readonly ChangelogEntry[], command: InfraRollbackCommand): RestorableEntry {
  const { stack, environment } = command;
  const mine = entries.filter((e) => e.environment === environment).sort((a, b) => b.sequence - a.sequence);
  const current = mine[0];
  if (!current) throw new CliError(`stack ${stack} has no changelog in ${environment}: nothing was applied there, so there is nothing to roll back (jetway changelog ${stack})`);
  const entry = command.to === undefined ? previousConfiguration(mine, current) : mine.find((e) => e.sequence === command.to);
  if (!entry && command.to !== undefined) {
    throw new CliError(`the changelog of ${stack} in ${environment} has no entry ${command.to}: it has entries ${mine.at(-1)?.sequence ?? 1} to ${current.sequence} (${listHint(command)})`);
  }
  if (!entry) {
    const why = mine.length === 1 ? `entry ${current.sequence} is its only entry` : `no entry before ${current.sequence} applied other files than it (${current.digest.slice(0, 19)}…)`;
    throw new CliError(`nothing to roll back to: ${why} in the changelog of ${stack} in ${environment} (${listHint(command)})`);
  }
  if (!entry.spec) {
    throw new CliError(
      `changelog entry ${entry.sequence} of ${stack} in ${environment} was written before entries recorded the spec they applied, so it cannot be re-applied: ` +
        `name a later entry with --to (${listHint(command)}), or publish the request you want (jetway publish <file>)`,
    );
  }
  const applies = environmentsOf(entry.spec.environment_type);
  const last = applies.at(-1);
  if (last !== environment) {
    throw new CliError(
      `changelog entry ${entry.sequence} of ${environment} was applied by a run of environment_type ${entry.spec.environment_type} (${applies.join(' then ')}): ` +
        `re-applying it would apply ${last} too — roll back ${last} instead (jetway rollback ${stack} --infra --env ${last}), which restores ${applies.join(' and ')}`,
    );
  }
  return { ...entry, spec: entry.spec };
}

/**
 * The infrastructure request that re-applies `entry` (pure): its spec as it was applied — the
 * same spec generates the same files, which the generate step checks against `restores.digest` —
 * with a new idempotency key and the approval block the operator gave. `requested_by` stays the
 * spec's (it is the owner tag in the generated files); `restores.requested_by` says who asked.
 */
export function restoreRequestOf(entry: RestorableEntry, command: InfraRollbackCommand, asker: string, key: string): InfrastructureRequest {
  const { restores: _previous, ...spec } = entry.spec;
  const parsed = InfrastructureRequest.safeParse({
    ...spec,
    kind: 'infrastructure',
    idempotency_key: key,
    restores: { environment: entry.environment, sequence: entry.sequence, digest: entry.digest, requested_by: asker },
    approval: { approvers: [...command.approvers], auto_approve: command.autoApprove },
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CliError(`the spec of changelog entry ${entry.sequence} is not a valid infrastructure request any more (${problems}): publish the request you want (jetway publish <file>)`);
  }
  return parsed.data;
}
