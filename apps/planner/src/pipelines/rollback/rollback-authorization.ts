import { approvalOf, rollbackSigningText, type RollbackRequest } from '@jetway/contracts';
import type { ReleaseRevision } from '../../use-cases/ports';
import type { AuthorizeContext } from '../definition';

const short = (digest: string) => digest.slice(0, 19);

/**
 * Where the rollback goes, or why it cannot: `to_digest` must be a release that served there
 * before (the current one excepted); without it, the current release must have a previous one.
 */
export function rollbackTarget(request: RollbackRequest, history: readonly ReleaseRevision[]): { digest: string } | { refusal: string } {
  const where = `${request.application_name} in ${request.environment}`;
  const current = history[0]?.release;
  if (!current) return { refusal: `${where} has no release: there is nothing to roll back` };
  if (!request.to_digest) {
    return current.previous ? { digest: current.previous.digest } : { refusal: `${where} has no previous release to roll back to (only ${short(current.digest)}… has served there)` };
  }
  if (request.to_digest === current.digest) return { refusal: `to_digest: ${short(request.to_digest)}… already serves ${where}` };
  const known = new Set([...history.map((h) => h.release.digest), ...(current.previous ? [current.previous.digest] : [])]);
  if (!known.has(request.to_digest)) {
    const listed = [...known].filter((d) => d !== current.digest).map((d) => `${short(d)}…`);
    return { refusal: `to_digest: ${short(request.to_digest)}… never served ${where} (recorded earlier releases: ${listed.join(', ') || 'none'}; jetway history ${request.application_name} --env ${request.environment})` };
  }
  return { digest: request.to_digest };
}

/**
 * Who may roll an application back in an environment: the approvers of the newest deployment run
 * behind what served there (its approval policy — the people trusted to change what serves).
 * Releases put back by earlier rollback runs are skipped: a rollback run has no policy of its own.
 */
async function approversFor(history: readonly ReleaseRevision[], runs: AuthorizeContext['runs']): Promise<{ approvers: string[]; runId: string } | undefined> {
  for (const { release } of history) {
    const run = (await runs.get(release.run_id))?.run;
    if (run && run.request.kind !== 'rollback') return { approvers: approvalOf(run.request).approvers, runId: run.run_id };
  }
  return undefined;
}

/**
 * A rollback changes traffic, so it counts only when (1) it is signed with the enrolled key of the
 * operator it names, over `rollbackSigningText`, (2) that operator may approve the application
 * there (`approversFor`), and (3) there is something to roll back to. Each refusal says which.
 */
export async function authorizeRollback(request: RollbackRequest, context: AuthorizeContext): Promise<string | undefined> {
  const where = `${request.application_name} in ${request.environment}`;
  const signed = await context.approvers.verify(request.approver, rollbackSigningText(request), request.signature, 'rollback request');
  if (!signed.ok) return `refused a rollback of ${where} in the name of ${request.approver}: ${signed.why}`;
  const history = await context.releases.history(request.application_name, request.environment);
  const target = rollbackTarget(request, history);
  if ('refusal' in target) return target.refusal;
  const policy = await approversFor(history, context.runs);
  if (!policy) return `cannot tell who may roll back ${where}: no deployment run behind its recorded releases is in the run store`;
  if (!policy.approvers.includes(request.approver)) {
    return `${request.approver} may not roll back ${where}: only an approver of run ${policy.runId}, which deployed it, may (${policy.approvers.join(', ') || 'nobody'})`;
  }
  return undefined;
}
