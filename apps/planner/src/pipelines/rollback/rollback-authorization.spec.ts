import { createUser } from 'nkeys.js';
import type { z } from 'zod';
import { RollbackRequest, rollbackSigningText, type Digest, type Release } from '@jetway/contracts';
import { alice, enrolled, harness, mallory, RUN_ID } from '../../testing/coordinator-harness';
import { sampleRequest } from '../../testing/sample-request';

const OLD = `sha256:${'a'.repeat(64)}` as Digest;
const NEW = `sha256:${'c'.repeat(64)}` as Digest;
const ROLLBACK_RUN = '01J0000000000000000000000B';
const SECOND_ROLLBACK = '01J0000000000000000000000C';
const bob = createUser();
enrolled.set('bob', { name: 'bob', public_key: bob.getPublicKey(), enrolled_by: 'ops', enrolled_at: '2026-11-30T00:00:00Z' });

type Pair = typeof alice;
const sign = (pair: Pair, text: string) => Buffer.from(pair.sign(new TextEncoder().encode(text))).toString('base64url');

function rollback(overrides: Partial<z.input<typeof RollbackRequest>> = {}, pair: Pair | null = alice): RollbackRequest {
  const unsigned = RollbackRequest.parse({ kind: 'rollback', idempotency_key: 'rollback-0001', application_name: 'hello', environment: 'production', approver: 'alice', reason: 'p99 doubled', ...overrides });
  return pair ? { ...unsigned, signature: sign(pair, rollbackSigningText(unsigned)) } : unsigned;
}

function releaseOf(digest: Digest, runId: string, previous?: Digest): Release {
  return {
    application: 'hello',
    environment: 'production',
    digest,
    strategy: 'canary',
    url: 'http://127.0.0.1:1/hello/production',
    targets: [],
    run_id: runId,
    deployed_at: '2026-11-30T10:00:00Z',
    ...(previous && { previous: { digest: previous, run_id: runId, deployed_at: '2026-11-30T09:00:00Z' } }),
  };
}

/** A deployment run (approvers: alice) that deployed OLD then NEW to production; the rollback run gets the next id. */
async function deployed(options: { previous?: boolean } = {}) {
  const ids = [RUN_ID, ROLLBACK_RUN, SECOND_ROLLBACK];
  const h = harness({ newRunId: () => ids.shift() ?? 'unexpected' });
  await h.coordinator.requested(sampleRequest(), undefined);
  h.releases.push(releaseOf(OLD, RUN_ID), releaseOf(NEW, RUN_ID, options.previous === false ? undefined : OLD));
  const ask = async (request: RollbackRequest, runId = ROLLBACK_RUN) => {
    await h.coordinator.requested(request, undefined);
    return h.run(runId);
  };
  return { ...h, ask };
}

describe('rollback authorization', () => {
  it('sets off a rollback signed by an approver of the run that deployed what serves', async () => {
    const h = await deployed();
    const run = await h.ask(rollback());
    expect(run.status).toBe('running');
    expect(h.published.at(-1)).toMatchObject({
      subject: 'jetway.step.rollback.triggered.v1',
      payload: { run_id: ROLLBACK_RUN, step_id: 'rollback', application: 'hello', environment: 'production', reason: 'p99 doubled' },
    });
  });

  it('refuses an unsigned request, one signed with another key, or one changed after signing', async () => {
    const unsigned = await (await deployed()).ask(rollback({}, null));
    expect(unsigned).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^signature: a rollback changes traffic; it must be signed/) });
    const forged = await (await deployed()).ask(rollback({}, mallory));
    expect(forged.reason).toMatch(/^refused a rollback of hello in production in the name of alice: the signature of the rollback request does not verify with the key enrolled for alice/);
    const changed = await (await deployed()).ask({ ...rollback(), reason: 'something else' });
    expect(changed.reason).toMatch(/does not verify/);
    const unknown = await (await deployed()).ask(rollback({ approver: 'mallory' }, mallory));
    expect(unknown.reason).toMatch(/mallory has no enrolled key/);
  });

  it('refuses an enrolled operator who is not an approver of that application', async () => {
    const run = await (await deployed()).ask(rollback({ approver: 'bob' }, bob));
    expect(run).toMatchObject({ status: 'rejected', reason: `bob may not roll back hello in production: only an approver of run ${RUN_ID}, which deployed it, may (alice)` });
  });

  it('refuses when there is nothing to roll back to, naming why', async () => {
    const none = await deployed();
    none.releases.length = 0;
    expect((await none.ask(rollback())).reason).toBe('hello in production has no release: there is nothing to roll back');
    const first = await deployed({ previous: false });
    first.releases.splice(0, 1);
    expect((await first.ask(rollback())).reason).toBe(`hello in production has no previous release to roll back to (only ${NEW.slice(0, 19)}… has served there)`);
    const current = await (await deployed()).ask(rollback({ to_digest: NEW }));
    expect(current.reason).toBe(`to_digest: ${NEW.slice(0, 19)}… already serves hello in production`);
    const never = await (await deployed()).ask(rollback({ to_digest: `sha256:${'d'.repeat(64)}` }));
    expect(never.reason).toMatch(/^to_digest: sha256:dddddddddddd… never served hello in production \(recorded earlier releases: sha256:aaaaaaaaaaaa…; jetway history hello --env production\)/);
    const named = await (await deployed()).ask(rollback({ to_digest: OLD }));
    expect(named.status).toBe('running');
  });

  it('looks past releases put back by earlier rollback runs for the deployment run whose policy applies', async () => {
    const h = await deployed();
    expect((await h.ask(rollback())).status).toBe('running');
    h.releases.push(releaseOf(OLD, ROLLBACK_RUN, NEW)); // what that rollback run put back
    const again = await h.ask(rollback({ idempotency_key: 'rollback-0002', approver: 'bob', to_digest: NEW }, bob), SECOND_ROLLBACK);
    expect(again.reason).toBe(`bob may not roll back hello in production: only an approver of run ${RUN_ID}, which deployed it, may (alice)`);
  });
});
