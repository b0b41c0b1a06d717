import { DIGEST, harness, RUN_ID } from '../testing/coordinator-harness';
import { sampleRequest } from '../testing/sample-request';

/** A second planner (a replica, or one restarted) over the same stored runs: its watch has seen none of them. */
function replicaOf(first: ReturnType<typeof harness>) {
  const replica = harness();
  for (const [id, stored] of first.runs) replica.runs.set(id, stored);
  return replica;
}

describe('RunCoordinator: deadlines watched', () => {
  it('watches a run it finds already stored: the same request again, or an event applied before', async () => {
    const first = harness();
    await first.coordinator.requested(sampleRequest(), undefined);
    await first.finish('build', { digest: DIGEST });

    const again = replicaOf(first);
    expect(again.deadlines.size).toBe(0);
    await again.coordinator.requested(sampleRequest(), undefined);
    expect(again.deadlines.size).toBe(1);

    const redelivered = replicaOf(first);
    await redelivered.finish('build', { digest: DIGEST });
    expect(redelivered.writes.count).toBe(0);
    expect(redelivered.deadlines.size).toBe(1);
    expect(redelivered.run(RUN_ID).steps.find((s) => s.status === 'triggered')?.step_id).toBe('scan');
  });
});
