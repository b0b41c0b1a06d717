import type { RolloutCommanded } from '@jetway/contracts';
import type { RolloutStore } from './rollout-store.port';

/**
 * Hands an operator's `promote` or `abort` to the rollout of that deploy step attempt: stored
 * under the attempt, where the rollout looks between measurements and while it waits (on
 * whichever deployer runs it, or when it resumes). A command that comes before the rollout
 * began waits for it; one for a rollout that has ended changes nothing.
 */
export async function storeCommand(command: RolloutCommanded, eventId: string, rollouts: Pick<RolloutStore, 'command' | 'putCommand'>): Promise<number> {
  const { run_id, step_id, attempt, by } = command;
  // Each command event is applied once: a redelivery (same ce-id) must not become a new revision,
  // which the rollout would take as a new command (a promote moving a later pause on).
  const stored = await rollouts.command({ run_id, step_id, attempt });
  if (stored?.command.event_id === eventId) return stored.revision;
  return rollouts.putCommand({ run_id, step_id, attempt, command: command.command, by, ...(command.comment ? { comment: command.comment } : {}), event_id: eventId });
}
