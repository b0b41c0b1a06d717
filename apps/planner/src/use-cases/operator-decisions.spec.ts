import { operatorSigningText, type OperatorDecided, type RolloutProgressed } from '@jetway/contracts';
import { applyProgress } from '../domain/operator';
import type { Emit } from '../domain/outbox';
import { toStatusView } from '../domain/status-view';
import { alice, DIGEST, harness, mallory, release, RUN_ID } from '../testing/coordinator-harness';
import { sampleRequest } from '../testing/sample-request';

type Pair = typeof alice;
const sign = (pair: Pair, text: string) => Buffer.from(pair.sign(new TextEncoder().encode(text))).toString('base64url');

function decision(action: OperatorDecided['action'], approver = 'alice', comment?: string): Omit<OperatorDecided, 'signature'> {
  return { run_id: RUN_ID, action, approver, ...(comment && { comment }) };
}
const signed = (d: Omit<OperatorDecided, 'signature'>, pair: Pair = alice): OperatorDecided => ({ ...d, signature: sign(pair, operatorSigningText(d)) });

function progress(sequence: number, phase: RolloutProgressed['phase'], extra: Partial<RolloutProgressed> = {}): RolloutProgressed {
  return { run_id: RUN_ID, step_id: 'deploy-staging', attempt: 1, application: 'hello', environment: 'staging', strategy: 'canary', sequence, phase, message: `${phase} at step ${sequence}`, ...extra };
}

/** A staging-only deployment whose deploy step is running (the strategy is the deployer's business). */
async function deploying(clock?: { now: () => string }) {
  const h = harness(clock ? { now: clock.now } : {});
  await h.coordinator.requested(sampleRequest({ target_environments: ['staging'] }), undefined);
  h.facts.scan = 'pass';
  await h.finish('build', { digest: DIGEST });
  await h.finish('scan');
  const progressed = (event: RolloutProgressed, id = `progress-${event.sequence}`) => h.coordinator.apply(RUN_ID, id, (run) => applyProgress(run, event));
  const commands = () => h.published.filter((e): e is Extract<Emit, { subject: 'jetway.rollout.commanded.v1' }> => e.subject === 'jetway.rollout.commanded.v1');
  const deploy = () => h.run().steps.find((s) => s.step_id === 'deploy-staging');
  return { ...h, progressed, commands, deploy };
}

describe('operator decisions (promote, abort, cancel)', () => {
  it('passes a verified promote of a paused canary on to the deployer once per pause', async () => {
    const h = await deploying();
    await h.progressed(progress(1, 'weight', { weight: 5, stage: 0 }));
    await h.progressed(progress(2, 'paused', { weight: 25, stage: 1 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('promote', 'alice', 'looks fine')));
    expect(h.commands()).toHaveLength(1);
    expect(h.commands()[0]).toMatchObject({
      stepId: 'deploy-staging',
      attempt: 1,
      id: `${RUN_ID}.deploy-staging.1.rollout-commanded-promote-2`,
      payload: { run_id: RUN_ID, step_id: 'deploy-staging', attempt: 1, command: 'promote', by: 'alice', comment: 'looks fine' },
    });
    // The same event redelivered republishes the same id (the duplicate window drops it); a second
    // `jetway promote` at the same pause changes nothing.
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('promote', 'alice', 'looks fine')));
    await h.coordinator.operatorDecided(RUN_ID, 'op-2', signed(decision('promote')));
    expect(new Set(h.commands().map((c) => c.id))).toEqual(new Set([`${RUN_ID}.deploy-staging.1.rollout-commanded-promote-2`]));
    expect(h.deploy()?.commands).toHaveLength(1);
    // The next pause is promoted again, under its own id.
    await h.progressed(progress(3, 'paused', { weight: 50, stage: 2 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-3', signed(decision('promote')));
    expect(h.commands().at(-1)?.id).toBe(`${RUN_ID}.deploy-staging.1.rollout-commanded-promote-3`);
    expect(h.run().notes).toEqual([]);
  });

  it('republishes a command on a redelivery only while the duplicate window would still drop the copy', async () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const h = await deploying({ now: () => new Date(now).toISOString() });
    await h.progressed(progress(1, 'paused', { weight: 25 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('promote')));
    now += 30_000;
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('promote')));
    expect(h.commands()).toHaveLength(2); // the same id twice: JetStream keeps one
    now += 60_000;
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('promote')));
    expect(h.commands()).toHaveLength(2); // beyond it a copy could promote a later pause: not sent
  });

  it('refuses, as notes, a decision not proven to be the operator’s, or by someone the policy does not name', async () => {
    const h = await deploying();
    await h.progressed(progress(1, 'paused', { weight: 25 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', decision('promote'));
    await h.coordinator.operatorDecided(RUN_ID, 'op-2', signed(decision('promote'), mallory));
    await h.coordinator.operatorDecided(RUN_ID, 'op-3', { ...signed(decision('promote')), comment: 'changed after signing' });
    await h.coordinator.operatorDecided(RUN_ID, 'op-4', signed(decision('abort', 'mallory'), mallory));
    expect(h.run().notes).toEqual([
      expect.stringMatching(/^refused to promote run .* in the name of alice: the promote decision is not signed/),
      expect.stringMatching(/in the name of alice: the signature of the promote decision does not verify with the key enrolled for alice/),
      expect.stringMatching(/in the name of alice: the signature of the promote decision does not verify/),
      expect.stringMatching(/^refused to abort run .* in the name of mallory: mallory may not command this run \(allowed: alice\)/),
    ]);
    expect(h.commands()).toHaveLength(0);
  });

  it('refuses a promote when nothing is paused or rolling out, saying what the run is doing', async () => {
    const h = await deploying();
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('promote')));
    expect(h.run().notes.at(-1)).toMatch(/deploy-staging has not reported a rollout yet: nothing is paused or rolling out to promote/);
    await h.progressed(progress(1, 'completed', { weight: 100 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-2', signed(decision('promote')));
    expect(h.run().notes.at(-1)).toMatch(/deploy-staging is not paused or rolling out: its rollout is completed/);
    await h.finish('deploy-staging', { release: release('staging') });
    await h.coordinator.operatorDecided(RUN_ID, 'op-3', signed(decision('promote')));
    expect(h.run().notes.at(-1)).toMatch(/no rollout is in progress: no deploy step is running \(steps: build succeeded, scan succeeded, deploy-staging succeeded, verify-staging triggered/);
    expect(h.commands()).toHaveLength(0);
  });

  it('passes an abort on once per attempt, and refuses a promote of a rollout being aborted', async () => {
    const h = await deploying();
    await h.progressed(progress(1, 'weight', { weight: 5 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('abort', 'alice', 'error budget')));
    await h.coordinator.operatorDecided(RUN_ID, 'op-2', signed(decision('abort')));
    expect(h.commands().map((c) => [c.id, c.payload.command, c.payload.comment])).toEqual([[`${RUN_ID}.deploy-staging.1.rollout-commanded-abort`, 'abort', 'error budget']]);
    await h.coordinator.operatorDecided(RUN_ID, 'op-3', signed(decision('promote')));
    expect(h.run().notes.at(-1)).toMatch(/deploy-staging is being aborted \(by alice\)/);
    // The deployer rolls back: the run fails with its words, and the finished event says who aborted.
    await h.progressed(progress(2, 'rolled_back', { weight: 0, message: 'aborted by alice: weight 0; sha256:aaaa serves everything' }));
    await h.finish('deploy-staging', undefined, 'rolled_back');
    expect(h.run().status).toBe('failed');
    const finished = h.published.find((e) => e.subject === 'jetway.pipeline.finished.v1');
    expect(finished?.payload).toMatchObject({
      outcome: 'failed',
      steps: expect.arrayContaining([expect.objectContaining({ step_id: 'deploy-staging', outcome: 'rolled_back', aborted_by: 'alice', reason: 'broken', rollout: expect.objectContaining({ phase: 'rolled_back', weight: 0 }) })]),
    });
  });

  it('cancels at the next step boundary: what runs finishes, nothing new starts, the run ends rejected', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest({ target_environments: ['staging'] }), undefined);
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('cancel', 'alice', 'wrong branch')));
    expect(h.run()).toMatchObject({ status: 'running', cancelled: { by: 'alice', comment: 'wrong branch' } });
    await h.finish('build', { digest: DIGEST });
    expect(h.subjects()).not.toContain('jetway.step.scan.triggered.v1#scan');
    expect(h.run()).toMatchObject({ status: 'rejected', reason: 'cancelled by alice: wrong branch' });
    expect(h.published.at(-1)).toMatchObject({ subject: 'jetway.pipeline.finished.v1', payload: { outcome: 'rejected', cancelled_by: 'alice' } });
    await h.coordinator.operatorDecided(RUN_ID, 'op-2', signed(decision('cancel')));
    expect(h.run().notes.at(-1)).toMatch(/refused to cancel run .*: the run already ended \(rejected\)/);
  });

  it('cancels a run in the middle of a rollout by aborting it, then ends rejected once the deploy step finished', async () => {
    const h = await deploying();
    await h.progressed(progress(1, 'weight', { weight: 25 }));
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('cancel')));
    expect(h.commands().map((c) => [c.payload.command, c.payload.comment])).toEqual([['abort', 'cancelled by alice']]);
    expect(h.run().status).toBe('running');
    await h.finish('deploy-staging', undefined, 'rolled_back');
    expect(h.run()).toMatchObject({ status: 'rejected', reason: 'cancelled by alice' });
    expect(h.subjects()).not.toContain('jetway.step.verify.triggered.v1#verify-staging');
  });

  it('ends a waiting approval at once on cancel (a boundary), and the run once its other running step finished', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    h.facts.scan = 'pass';
    h.facts.verified = true;
    for (const [step, outputs] of [['build', { digest: DIGEST }], ['scan', undefined], ['deploy-staging', { release: release('staging') }], ['verify-staging', undefined]] as const) {
      await h.finish(step, outputs);
    }
    expect(h.run().steps.find((s) => s.step_id === 'approve-production')?.status).toBe('waiting_approval');
    await h.coordinator.operatorDecided(RUN_ID, 'op-1', signed(decision('cancel', 'alice', 'not this week')));
    expect(h.run().steps.find((s) => s.step_id === 'approve-production')).toMatchObject({ status: 'finished', outcome: 'failed', reason: 'cancelled by alice: not this week' });
    // monitor-staging still runs beside it: the run ends once that step finished, and production is never set off.
    expect(h.run().status).toBe('running');
    await h.finish('monitor-staging');
    expect(h.run()).toMatchObject({ status: 'rejected', reason: 'cancelled by alice: not this week' });
    expect(h.subjects()).not.toContain('jetway.step.deploy.triggered.v1#deploy-production');
  });
});

describe('rollout progress', () => {
  it('keeps the highest sequence of the attempt, whatever order the events arrive in', async () => {
    const h = await deploying();
    await h.progressed(progress(3, 'analysis', { weight: 25, stage: 1 }));
    await h.progressed(progress(2, 'weight', { weight: 25, stage: 1 }));
    await h.progressed({ ...progress(9, 'weight'), attempt: 2 });
    expect(h.deploy()?.progress).toMatchObject({ sequence: 3, phase: 'analysis' });
  });

  it('shows a paused rollout as waiting for a person, with the promote command', async () => {
    const h = await deploying();
    await h.progressed(progress(4, 'paused', { weight: 25, stage: 1, message: 'manual approval point 25%' }));
    const step = toStatusView(h.run()).steps.find((s) => s.step_id === 'deploy-staging');
    expect(step).toMatchObject({ status: 'waiting_approval', progress: expect.objectContaining({ weight: 25, phase: 'paused' }) });
    expect(step?.reason).toBe(`paused at 25 %: manual approval point 25% — promote with: jetway promote ${RUN_ID} --as alice (or abort: jetway abort ${RUN_ID} --as alice)`);
    await h.progressed(progress(5, 'weight', { weight: 50, stage: 2 }));
    expect(toStatusView(h.run()).steps.find((s) => s.step_id === 'deploy-staging')?.status).toBe('triggered');
  });
});
