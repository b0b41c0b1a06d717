import { CiCdSetupRequest, type ApprovalDecided } from '@jetway/contracts';
import { signDecision } from '@jetway/messaging';
import { applyDeadline } from '../domain/progress';
import { outputsOf } from '../pipelines';
import { alice, DIGEST, harness, mallory, release, RUN_ID, seedOf } from '../testing/coordinator-harness';
import { sampleRequest } from '../testing/sample-request';

describe('RunCoordinator', () => {
  it('plans a run and triggers the build, watching its deadline without an event for it', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    expect(h.subjects()).toEqual(['jetway.pipeline.planned.v1', 'jetway.step.build.triggered.v1#build']);
    expect(h.deadlines.size).toBe(1);
    await h.finish('build', { digest: DIGEST });
    // The build is forgotten, the scan it set off is watched.
    expect(h.deadlines.size).toBe(1);
    h.facts.scan = 'fail';
    await h.finish('scan');
    expect(h.run().status).toBe('failed');
    expect(h.deadlines.size).toBe(0);
  });

  it('publishes the deadline event of a step still open when its deadline falls due, and nothing for one that finished', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest({ deadlines: { build: 30 } }), undefined);
    const build = h.run().steps.find((s) => s.step_id === 'build');
    const due = { runId: RUN_ID, stepId: 'build', attempt: 1, dueMs: Date.parse(build?.triggered_at as string) + 30_000 };
    expect(await h.coordinator.deadlineDue(due)).toBe(true);
    expect(h.published.at(-1)).toEqual({
      subject: 'jetway.timer.step-deadline.v1',
      stepId: 'build',
      attempt: 1,
      payload: { run_id: RUN_ID, step_id: 'build', attempt: 1, due_at: new Date(due.dueMs).toISOString() },
    });
    const published = h.published.length;
    expect(await h.coordinator.deadlineDue({ ...due, attempt: 2 })).toBe(false);
    expect(await h.coordinator.deadlineDue({ ...due, runId: '01J0000000000000000000000Z' })).toBe(false);
    await h.finish('build', { digest: DIGEST });
    const afterFinish = h.published.length;
    expect(afterFinish).toBeGreaterThan(published);
    expect(await h.coordinator.deadlineDue(due)).toBe(false);
    expect(h.published.length).toBe(afterFinish);
  });

  it('rejects a request the policy refuses, without running anything', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest({ target_environments: ['production'] }), undefined);
    expect(h.run().status).toBe('rejected');
    expect(h.subjects()).toEqual(['jetway.pipeline.planned.v1', 'jetway.pipeline.finished.v1']);
  });

  it('refuses to deploy a digest whose scan failed, naming the policy', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    await h.finish('build', { digest: DIGEST });
    h.facts.scan = 'fail';
    await h.finish('scan');
    expect(h.run().status).toBe('failed');
    expect(h.run().reason).toMatch(/policy no-unscanned-artifact: refusing to deploy .* its scan failed/);
  });

  it('holds production for an allowed approver and ignores others', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    h.facts.scan = 'pass';
    await h.finish('build', { digest: DIGEST });
    await h.finish('scan');
    await h.finish('deploy-staging', { release: release('staging') });
    h.facts.verified = true;
    await h.finish('verify-staging');
    expect(h.run().steps.find((s) => s.step_id === 'approve-production')?.status).toBe('waiting_approval');
    expect(h.subjects()).toContain('jetway.approval.requested.v1#approve-production');

    const decision = (approver: string): ApprovalDecided => ({ run_id: RUN_ID, step_id: 'approve-production', decision: 'approved', approver, comment: 'ok' });
    const signed = (approver: string, pair: typeof alice) => ({ ...decision(approver), signature: signDecision(seedOf(pair), decision(approver)) });
    await h.coordinator.decided(RUN_ID, 'd1', signed('mallory', mallory));
    expect(h.run().notes[0]).toMatch(/mallory may not decide approve-production \(allowed: alice\)/);
    // Typing --as alice proves nothing: unsigned, or signed with another key, is refused and noted.
    await h.coordinator.decided(RUN_ID, 'd2', decision('alice'));
    await h.coordinator.decided(RUN_ID, 'd3', signed('alice', mallory));
    await h.coordinator.decided(RUN_ID, 'd4', { ...signed('alice', alice), comment: 'changed after signing' });
    expect(h.run().notes.slice(1)).toEqual([
      expect.stringMatching(/refused a decision on approve-production in the name of alice: the decision is not signed/),
      expect.stringMatching(/in the name of alice: the signature does not verify with the key enrolled for alice/),
      expect.stringMatching(/in the name of alice: the signature does not verify/),
    ]);
    expect(h.subjects()).not.toContain('jetway.step.deploy.triggered.v1#deploy-production');
    await h.coordinator.decided(RUN_ID, 'd5', signed('alice', alice));
    expect(h.subjects()).toContain('jetway.step.deploy.triggered.v1#deploy-production');
    expect(h.run().steps.find((s) => s.step_id === 'approve-production')?.reason).toBe('approved by alice: ok');
  });

  it('finishes a run when every step succeeded, and applies an event only once', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest({ target_environments: ['staging'] }), undefined);
    h.facts.scan = 'pass';
    await h.finish('build', { digest: DIGEST });
    await h.finish('build', { digest: DIGEST });
    expect(h.subjects().filter((s) => s === 'jetway.step.scan.triggered.v1#scan')).toHaveLength(2);
    expect(h.run().applied.filter((id) => id === 'build.finished')).toHaveLength(1);
    await h.finish('scan');
    await h.finish('deploy-staging', { release: release('staging') });
    await h.finish('verify-staging');
    await h.finish('monitor-staging');
    expect(h.run().status).toBe('succeeded');
    expect(h.subjects().at(-1)).toBe('jetway.pipeline.finished.v1');
  });

  it('fails the run when a step misses its deadline, saying which service did not answer', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest({ deadlines: { build: 1 } }), undefined);
    await h.coordinator.apply(RUN_ID, 'deadline-build', (r, now) => applyDeadline(r, { step_id: 'build', attempt: 1 }, now));
    expect(h.run().status).toBe('failed');
    expect(h.run().reason).toBe(
      'step build missed its deadline of 1s: no step.build.finished from the builder (no start was recorded: is the builder running?)',
    );
  });

  it('applies the result a worker recorded when its finished event never arrived by the deadline', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    h.recorded.set(`build.${RUN_ID}.build.1`, { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: { digest: DIGEST } });
    await h.coordinator.deadline(RUN_ID, 'deadline-build', { step_id: 'build', attempt: 1 });
    expect(h.run().status).toBe('running');
    expect(outputsOf(h.run(), 'build', 'build')?.digest).toBe(DIGEST);
    expect(h.run().steps.find((s) => s.step_id === 'build')).toMatchObject({ status: 'finished', outcome: 'succeeded' });
    expect(h.run().notes).toEqual(['step build: no step.build.finished reached the planner by its deadline; applied the result the builder recorded']);
    expect(h.subjects()).toContain('jetway.step.scan.triggered.v1#scan');
    expect(h.recovered).toEqual(['build']);
    // Delivered again (same event id): applied once, counted once.
    await h.coordinator.deadline(RUN_ID, 'deadline-build', { step_id: 'build', attempt: 1 });
    expect(h.recovered).toEqual(['build']);
  });

  it('fails at the deadline when the worker recorded nothing, or only for another attempt', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    h.recorded.set(`build.${RUN_ID}.build.2`, { step_id: 'build', attempt: 2, outcome: 'succeeded', outputs: { digest: DIGEST } });
    await h.coordinator.deadline(RUN_ID, 'deadline-build', { step_id: 'build', attempt: 1 });
    expect(h.run().status).toBe('failed');
    expect(h.run().notes).toEqual([]);
    expect(h.recovered).toEqual([]);
  });

  it('writes nothing for an event that changes nothing, like the deadline of a finished step', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    await h.finish('build', { digest: DIGEST });
    const [writes, published] = [h.writes.count, h.published.length];
    await h.coordinator.apply(RUN_ID, 'deadline-build', (r, now) => applyDeadline(r, { step_id: 'build', attempt: 1 }, now));
    expect(h.run().status).toBe('running');
    expect(h.writes.count).toBe(writes);
    expect(h.published.length).toBe(published);
  });

  it('applies an event again in-process when another replica wrote the run meanwhile, once', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    h.conflicts.left = 2;
    await h.finish('build', { digest: DIGEST });
    expect(h.run().steps.find((s) => s.step_id === 'build')).toMatchObject({ status: 'finished', outcome: 'succeeded' });
    expect(h.run().applied.filter((id) => id === 'build.finished')).toHaveLength(1);
    expect(h.writes.count).toBe(1);
    h.conflicts.left = 10;
    await expect(h.finish('scan')).rejects.toThrow(/kept changing under 5 attempts to apply scan.finished/);
  });

  it('runs a ci_cd_setup request through its own definition, and fails a step whose inputs never came instead of leaving it waiting', async () => {
    const h = harness();
    const request = CiCdSetupRequest.parse({ kind: 'ci_cd_setup', idempotency_key: 'ci-setup-0001', project_path: '/srv/shop', ci_platform: 'circleci', project_type: 'library' });
    await h.coordinator.requested(request, undefined);
    expect(h.subjects()).toEqual(['jetway.pipeline.planned.v1', 'jetway.step.analyze.triggered.v1#analyze']);
    await h.finish('analyze', {});
    expect(h.run().status).toBe('failed');
    expect(h.run().reason).toBe('cannot set off generate: missing source_digest: the step that produces it reported no such output');
  });

  it('ends the run when a deploy rolls back', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    h.facts.scan = 'pass';
    await h.finish('build', { digest: DIGEST });
    await h.finish('scan');
    await h.finish('deploy-staging', undefined, 'rolled_back');
    expect(h.run().reason).toBe('step deploy-staging rolled_back: broken');
  });

  it('hands the deploy step its deadline and the rollout block, so the deployer aborts a rollout before the planner fails it', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest({ target_environments: ['staging'], deadlines: { deploy: 120 } }), undefined);
    h.facts.scan = 'pass';
    await h.finish('build', { digest: DIGEST });
    await h.finish('scan');
    const trigger = h.published.find((e) => e.subject === 'jetway.step.deploy.triggered.v1');
    expect(trigger?.payload).toMatchObject({ step_id: 'deploy-staging', deadline_seconds: 120, strategy: 'rolling', rollout: expect.objectContaining({ analysis: expect.any(Object) }) });
  });
});
