import { createUser, fromPublic } from 'nkeys.js';
import type { RunStatusView } from '@jetway/contracts';
import { operatorEventId, operatorTarget, operatorVerdict, signText } from './operator-checks';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
type Step = RunStatusView['steps'][number];

function progress(sequence: number, phase: string) {
  return { run_id: RUN, step_id: 'deploy-production', attempt: 1, application: 'hello', environment: 'production', strategy: 'canary', sequence, phase, weight: 25, message: 'manual approval point 25%' };
}

function run(deploy: Partial<Step> = {}, extra: Partial<RunStatusView> = {}): RunStatusView {
  return {
    run_id: RUN,
    application: 'hello',
    status: 'running',
    created_at: '2026-11-30T10:00:00Z',
    urls: {},
    approvers: ['alice'],
    steps: [
      { step_id: 'build', kind: 'build', status: 'finished', outcome: 'succeeded' },
      { step_id: 'deploy-production', kind: 'deploy', environment: 'production', status: 'running', ...deploy },
    ],
    ...extra,
  };
}

describe('what an operator decision acts on', () => {
  it('promotes the pause the operator saw, and aborts the running step', () => {
    const paused = run({ status: 'waiting_approval', progress: progress(4, 'paused') });
    expect(operatorTarget(paused, 'promote', 'alice')).toEqual({ stepId: 'deploy-production', attempt: 1, sequence: 4 });
    expect(operatorTarget(paused, 'abort', 'alice')).toEqual({ stepId: 'deploy-production' });
    expect(operatorTarget(paused, 'cancel', 'alice')).toEqual({});
  });

  it('refuses before signing: an ended run, someone the run does not name, nothing to promote', () => {
    expect(() => operatorTarget(run({}, { status: 'succeeded' }), 'promote', 'alice')).toThrow(`run ${RUN} already ended (succeeded); nothing to promote`);
    expect(() => operatorTarget(run(), 'promote', 'mallory')).toThrow(expect.objectContaining({ exitCode: 2, message: `mallory may not promote run ${RUN}; allowed: alice` }));
    expect(() => operatorTarget(run(), 'promote', 'alice')).toThrow(`run ${RUN} is not paused or rolling out: deploy-production has not reported a rollout yet`);
    expect(() => operatorTarget(run({ progress: progress(9, 'completed') }), 'promote', 'alice')).toThrow('the rollout of deploy-production is completed');
    expect(() => operatorTarget(run({ status: 'finished', outcome: 'succeeded' }), 'abort', 'alice')).toThrow(
      `run ${RUN} has no rollout in progress to abort: no deploy step is running (build succeeded, deploy-production succeeded)`,
    );
    expect(() => operatorTarget(run({ progress: progress(5, 'rolled_back') }), 'abort', 'alice')).toThrow(/already ended \(rolled_back\); to undo a release, roll back: jetway rollback hello --env production/);
  });

  it('gives one event id per command and point, so a repeat is a duplicate', () => {
    expect(operatorEventId(RUN, 'promote', 'alice', { stepId: 'deploy-production', attempt: 1, sequence: 4 })).toBe(`${RUN}.operator.promote.YWxpY2U.deploy-production.1.4`);
    expect(operatorEventId(RUN, 'cancel', 'alice', {})).toBe(`${RUN}.operator.cancel.YWxpY2U`);
  });

  it('reads the planner’s verdict: the command passed on, a refusal note after the ones before, or nothing yet', () => {
    const target = { stepId: 'deploy-production', attempt: 1, sequence: 4 };
    const before = run({ progress: progress(4, 'paused') }, { notes: ['an older note'] });
    expect(operatorVerdict(before, 'promote', 'alice', target, 1)).toBeUndefined();
    const given = run({ commands: [{ command: 'promote', by: 'alice', at: 'now', at_sequence: 4 }] });
    expect(operatorVerdict(given, 'promote', 'alice', target, 0)).toEqual({ done: 'the planner told the deployer to promote the rollout of deploy-production' });
    const refused = run({}, { notes: ['an older note', `refused to promote run ${RUN} in the name of alice: the signature does not verify`] });
    expect(operatorVerdict(refused, 'promote', 'alice', target, 1)).toEqual({ refused: `refused to promote run ${RUN} in the name of alice: the signature does not verify` });
    expect(operatorVerdict(run({}, { status: 'rejected', reason: 'cancelled by alice: no' }), 'cancel', 'alice', {}, 0)).toEqual({ done: 'cancelled: the run ended rejected' });
  });

  it('signs text the way the planner verifies it', () => {
    const pair = createUser();
    const signature = signText(new TextDecoder().decode(pair.getSeed()), 'jetway.operator.decided.v1\nrun');
    expect(fromPublic(pair.getPublicKey()).verify(new TextEncoder().encode('jetway.operator.decided.v1\nrun'), Buffer.from(signature, 'base64url'))).toBe(true);
  });
});
