import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHey, waitFor } from '@jetway/testing';
import { RolloutMesh } from './rollout-mesh.fixture';

// A canary in progress survives a deployer restart: the deployer stops in the middle of a step
// (its rollout gives up waiting and the trigger goes back to the stream), a new deployer takes
// the redelivered trigger and continues from the weight and stage recorded in KV
// jetway-rollouts — never from 0 %, never starting the canary's instances again — while `hey`
// sends steady traffic through the router process, which outlives both deployers.

const ANALYSIS = { interval_seconds: 1, min_requests: 20 };

describe('a canary across a deployer restart (int)', () => {
  let m: RolloutMesh;

  beforeAll(async () => {
    m = await RolloutMesh.start('rollout-restart');
    expect(await m.deploy({ release: 'v1', strategy: 'rolling' })).toMatchObject({ outcome: 'succeeded' });
  }, 60_000);

  afterAll(async () => {
    process.stdout.write(`load table (scenario, requests, failed, p99):\n${m?.rows.join('\n')}\n`);
    await m?.stop();
  });

  /** Ids of the instances of `release` recorded on disk now (one file per instance the runtime started). */
  async function instanceIds(release: string): Promise<string[]> {
    const hex = (await m.release(release)).replace('sha256:', '').slice(0, 12);
    const dir = join(m.dir, 'deployer', 'instances');
    return readdirSync(dir).filter((name) => name.includes(hex) && name.endsWith('.json'));
  }

  it('continues from the recorded stage and weight, with the same instances and 0 failed requests', async () => {
    const steps = [{ weight: 20, duration_seconds: 2 }, { weight: 60, duration_seconds: 6 }, { weight: 100, duration_seconds: 0 }];
    const hey = startHey(m.url('/'), { seconds: 120, concurrency: 8 });
    const { runId } = await m.publishDeploy({ release: 'v2', strategy: 'canary', rollout: { canary: { steps }, analysis: ANALYSIS } });
    await waitFor(() => m.progressOf(runId).some((p) => p.event.phase === 'weight' && p.event.weight === 60), { timeoutMs: 30_000, message: 'the canary at 60 %' });
    const canaryInstances = await instanceIds('v2');
    expect(canaryInstances).toHaveLength(2);

    await m.deployer?.stop();
    const stoppedAt = Date.now();
    expect(m.progressOf(runId).map((p) => p.event.phase)).not.toContain('promoted');
    await sleep(1_000); // no deployer: the router process keeps serving the 60 % split
    expect(Object.keys(await m.versions(50)).sort()).toEqual(['v1', 'v2']);
    m.deployer = await m.startDeployer();

    const finished = await m.deployFinished(runId, 1);
    await sleep(500);
    const report = await hey.stop();
    m.row('canary v1 → v2 across a deployer restart', report);

    expect(finished).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: await m.release('v2') } } });
    expect(await instanceIds('v2')).toEqual(canaryInstances); // the same two instances: none started again
    const weights = m.progressOf(runId).filter((p) => p.event.phase === 'weight').map((p) => p.event.weight);
    expect(weights).toEqual([20, 60, 100]);
    expect(m.progressOf(runId).find((p) => p.event.phase === 'promoted')?.at).toBeGreaterThan(stoppedAt); // the new deployer finished it
    const sequences = m.progressOf(runId).map((p) => p.event.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);
    expect({ errors: report.errors, nonSuccess: report.nonSuccess }).toEqual({ errors: {}, nonSuccess: 0 });
    expect(report.requests).toBeGreaterThanOrEqual(2_000);
    expect(await m.versions()).toEqual({ v2: 40 });
  }, 60_000);
});
