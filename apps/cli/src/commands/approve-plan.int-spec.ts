import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { Subscription } from 'nats';
import { ApprovalDecided, decisionSigningText, queries, STREAMS, type RunStatusReply, type RunStatusView } from '@jetway/contracts';
import { MeshEnv, publicKeyOfSeed, startService, verifyDecision, type ServiceHandle } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { runCli, type CliIo } from '../run-cli';

@Module({})
class NothingModule {}

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const HASH = 'c0'.repeat(32);
const OLD = 'd1'.repeat(32);

// `jetway approve --plan` on a real nats-server: the decision JetStream stores carries the plan
// hash, and its signature covers it. The run-status answer stands in for the planner (a core
// NATS responder with the status view of an infrastructure run waiting at its production review).
describe('jetway approve --plan (int, real nats-server)', () => {
  let nats: NatsFixture;
  let mesh: ServiceHandle;
  let home: string;
  let planner: Subscription;

  const run: RunStatusView = {
    run_id: RUN, kind: 'infrastructure', application: 'shop', status: 'running', created_at: '2026-01-01T00:00:00Z', urls: {}, approvers: ['alice'],
    steps: [{ step_id: 'review-production', kind: 'approval', environment: 'production', status: 'waiting_approval', outputs: { plan_hash: HASH, required_approvals: 1, approved_by: [] } }],
  };

  beforeAll(async () => {
    nats = await startNats();
    mesh = await startService({ service: 'provisioner', env: MeshEnv.parse({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error' }), feature: NothingModule });
    home = mkdtempSync(join(tmpdir(), 'jetway-home-'));
    planner = mesh.mesh.nc.subscribe(queries.runStatus, { callback: (_e, msg) => msg.respond(JSON.stringify({ found: true, run } satisfies RunStatusReply)) });
    expect((await cli(['approvers', 'enrol', 'alice', '--out', join(home, 'alice.nk')])).code).toBe(0);
  });
  afterAll(async () => {
    planner?.unsubscribe();
    await mesh?.stop();
    await nats?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: { USER: 'operator-1' }, cwd: home, stateDirs: [], home, color: false };
    const code = await runCli([...args, '--nats', nats.url], io);
    return { code, out: out.join(''), err: err.join('') };
  }

  const stored = async () => (await mesh.mesh.jsm.streams.info(STREAMS.events.name, { subjects_filter: 'jetway.approval.decided.v1' })).state.subjects?.['jetway.approval.decided.v1'] ?? 0;

  it('refuses (exit 2, nothing sent) a decision without --plan, or for another plan, naming the plan under review', async () => {
    const bare = await cli(['approve', RUN, '--as', 'alice', '--key', join(home, 'alice.nk')]);
    expect(bare).toMatchObject({ code: 2, err: `jetway: review-production of run ${RUN} reviews plan ${HASH}: review it (jetway status ${RUN}) and decide with --plan ${HASH}\n` });
    const older = await cli(['approve', RUN, '--as', 'alice', '--key', join(home, 'alice.nk'), '--plan', OLD]);
    expect(older.code).toBe(2);
    expect(older.err).toContain(`reviews plan ${HASH.slice(0, 12)}…, not ${OLD.slice(0, 12)}…: a new plan needs a new review`);
    expect(await stored()).toBe(0);
  });

  it('publishes the decision with the plan hash, signed over it', async () => {
    const approved = await cli(['approve', RUN, '--as', 'alice', '--key', join(home, 'alice.nk'), '--plan', HASH, '--comment', 'reviewed the destroys']);
    expect(approved).toMatchObject({ code: 0, out: `approved review-production of run ${RUN} as alice for plan ${HASH.slice(0, 12)}… (signed)\n` });
    const message = await mesh.mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: 'jetway.approval.decided.v1' });
    const decision = ApprovalDecided.parse(message.json());
    expect(decision).toMatchObject({ run_id: RUN, step_id: 'review-production', decision: 'approved', approver: 'alice', plan_hash: HASH });
    const { signature, ...unsigned } = decision;
    const publicKey = publicKeyOfSeed(readFileSync(join(home, 'alice.nk'), 'utf8'));
    expect(decisionSigningText(unsigned).endsWith(`\nplan ${HASH}`)).toBe(true);
    expect(verifyDecision(publicKey, unsigned, signature ?? '')).toBe(true);
    // The signature does not approve another plan.
    expect(verifyDecision(publicKey, { ...unsigned, plan_hash: OLD }, signature ?? '')).toBe(false);
    expect(message.header.get('Nats-Msg-Id')).toBe(`${RUN}.review-production.decided.alice.plan-${HASH.slice(0, 16)}`);
  });
});
