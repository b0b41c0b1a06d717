import type { MessageMeta } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { RolloutProgressed } from '@jetway/contracts';
import { DeferredStarts } from '../use-cases/held-until-finished';
import { DIGEST, harness, release, RUN_ID } from '../testing/coordinator-harness';
import { sampleRequest } from '../testing/sample-request';
import { RunEventsHandler } from './run-events.handler';
import type { AnyStepFinished } from './subjects';

const meta = (id: string) => ({ envelope: { id }, subject: 'jetway.test' }) as unknown as MessageMeta;
const move = (sequence: number, phase: RolloutProgressed['phase']): RolloutProgressed => ({
  run_id: RUN_ID, step_id: 'deploy-staging', attempt: 1, application: 'hello', environment: 'staging', strategy: 'rolling', sequence, phase, weight: 100, message: `${phase} move`,
});
const deployFinished = { run_id: RUN_ID, step_id: 'deploy-staging', attempt: 1, outcome: 'succeeded', duration_ms: 40, outputs: { release: release('staging') } } as AnyStepFinished;

/** A staging-only run whose deploy step is set off, and the handler in front of its coordinator. */
async function deploying() {
  const h = harness();
  await h.coordinator.requested(sampleRequest({ target_environments: ['staging'] }), undefined);
  h.facts.scan = 'pass';
  await h.finish('build', { digest: DIGEST });
  await h.finish('scan');
  const warnings: string[] = [];
  const handler = new RunEventsHandler(h.coordinator, new DeferredStarts(async () => undefined, 1_000), new JsonLogger('planner', {}, 'warn', (line) => warnings.push(line)));
  const deploy = () => h.run().steps.find((s) => s.step_id === 'deploy-staging');
  return { ...h, handler, deploy, warnings };
}

describe('RunEventsHandler: a rollout\'s moves', () => {
  it('applies the last move a deploy\'s finished carries in the same compare-and-set', async () => {
    const h = await deploying();
    const before = h.writes.count;
    await h.handler.finished({ ...deployFinished, last_move: move(2, 'completed') } as AnyStepFinished, meta('deploy-finished'));
    expect(h.writes.count).toBe(before + 1);
    expect(h.deploy()).toMatchObject({ status: 'finished', outcome: 'succeeded', progress: { phase: 'completed', sequence: 2 } });
  });

  it('keeps a newer move it already has over an older last move (a late finished never hides a newer state)', async () => {
    const h = await deploying();
    await h.handler.progressed(move(3, 'paused'), meta('move-3'));
    await h.handler.finished({ ...deployFinished, last_move: move(2, 'completed') } as AnyStepFinished, meta('deploy-finished'));
    expect(h.deploy()).toMatchObject({ status: 'finished', progress: { phase: 'paused', sequence: 3 } });
  });

  it('writes a move that decides something (a pause an operator may promote) at once', async () => {
    const h = await deploying();
    const before = h.writes.count;
    await h.handler.progressed(move(1, 'paused'), meta('move-1'));
    expect(h.writes.count).toBe(before + 1);
    expect(h.deploy()?.progress).toMatchObject({ phase: 'paused' });
  });

  it('applies a last move published on its own (a deployer from before last_move) at once', async () => {
    const h = await deploying();
    await h.handler.progressed(move(3, 'rolled_back'), meta('move-3'));
    expect(h.deploy()?.progress).toMatchObject({ phase: 'rolled_back', sequence: 3 });
  });
});

describe('RunEventsHandler: a finished the run takes nothing from', () => {
  it('says so for a step not set off yet, and writes nothing', async () => {
    const h = await deploying();
    const before = h.writes.count;
    await h.handler.finished({ run_id: RUN_ID, step_id: 'verify-staging', attempt: 1, outcome: 'succeeded', duration_ms: 5 } as AnyStepFinished, meta('verify-early'));
    expect(h.writes.count).toBe(before);
    expect(h.run().steps.find((s) => s.step_id === 'verify-staging')?.status).toBe('pending');
    expect(h.warnings.join('\n')).toContain('for step verify-staging, which the run has not set off yet, changes nothing');
  });

  it('says nothing for a step it applies', async () => {
    const h = await deploying();
    await h.handler.finished(deployFinished, meta('deploy-finished'));
    expect(h.warnings).toEqual([]);
  });
});
