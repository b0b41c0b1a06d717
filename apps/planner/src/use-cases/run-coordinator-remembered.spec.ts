import type { RunState } from '../domain/run-state';
import { DIGEST, harness, RUN_ID } from '../testing/coordinator-harness';
import { sampleRequest } from '../testing/sample-request';
import { RecentRuns } from './recent-runs';

const triggered = (run: RunState) => run.steps.filter((s) => s.status === 'triggered').map((s) => s.step_id);
const noted = (note: string) => (run: RunState) => ({ ...run, notes: [...run.notes, note] });

/** Two planner replicas over one store: `a` created the run, `b` applied the build's result since. */
async function replicaFinishedTheBuild() {
  const a = harness();
  const b = harness({ store: a.runs });
  await a.coordinator.requested(sampleRequest(), undefined);
  await b.finish('build', { digest: DIGEST });
  return { a, b };
}

describe('RunCoordinator: the run it last wrote', () => {
  it('goes straight to the compare-and-set from the run it wrote last: one write and no read per event', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    const reads = h.reads.count;
    await h.finish('build', { digest: DIGEST });
    h.facts.scan = 'pass';
    await h.finish('scan');
    expect(h.reads.count).toBe(reads);
    expect(h.writes.count).toBe(2);
    expect(h.run().applied).toEqual(['build.finished', 'scan.finished']);
  });

  it('applies to the stored run when a replica wrote it since: the compare-and-set fails and the run is read again', async () => {
    const { a } = await replicaFinishedTheBuild();

    const after = await a.coordinator.apply(RUN_ID, 'note-1', noted('by a'));
    expect(after?.notes).toContain('by a');
    // The replica's build result is kept: the note went onto the stored run, not the remembered one.
    expect(triggered(a.run())).toEqual(['scan']);
    expect(a.run().applied).toEqual(['build.finished', 'note-1']);
  });

  it('does not apply an event a replica applied already, though the run it remembers lacks it', async () => {
    const { a } = await replicaFinishedTheBuild();
    const written = a.run();

    await a.finish('build', { digest: DIGEST });
    expect(a.run()).toBe(written);
    expect(a.writes.count).toBe(0);
    // It republishes what the stored run implies (the scan's trigger, same id), as for any redelivery.
    expect(a.subjects().at(-1)).toBe('jetway.step.scan.triggered.v1#scan');
  });

  it('answers a redelivered event from the stored run, not from the one it remembers', async () => {
    const a = harness();
    const b = harness({ store: a.runs });
    await a.coordinator.requested(sampleRequest(), undefined);
    await a.finish('build', { digest: DIGEST });
    await b.coordinator.apply(RUN_ID, 'note-1', noted('by b'));

    const reads = a.reads.count;
    const answered = await a.finish('build', { digest: DIGEST });
    expect(a.reads.count).toBe(reads + 1);
    expect(answered?.notes).toContain('by b');
    expect(a.run().applied).toEqual(['build.finished', 'note-1']);
  });

  it('decides nothing from a remembered run it cannot write: an event that changes nothing there is tried on the stored run', async () => {
    const { a, b } = await replicaFinishedTheBuild();
    b.facts.scan = 'pass';
    a.facts.scan = 'pass';

    // In the run `a` remembers, the scan is not set off yet, so its result would change nothing.
    const reads = a.reads.count;
    await a.finish('scan');
    expect(a.reads.count).toBe(reads + 1);
    expect(a.run().steps.find((s) => s.step_id === 'scan')).toMatchObject({ status: 'finished', outcome: 'succeeded' });
  });
});

describe('RunCoordinator: a request', () => {
  const planned = ['jetway.pipeline.planned.v1', 'jetway.step.build.triggered.v1#build'];

  it('creates its run without reading the store first: the key it claimed names a new run id', async () => {
    const h = harness();
    await h.coordinator.requested(sampleRequest(), undefined);
    expect(h.reads.count).toBe(0);
    expect(h.subjects()).toEqual(planned);
  });

  it('answers the same request again from the stored run, whether its key names another run id or the create finds it stored', async () => {
    const ids = ['01J0000000000000000000000A', '01J0000000000000000000000B'];
    const h = harness({ newRunId: () => ids.shift() ?? RUN_ID });
    await h.coordinator.requested(sampleRequest(), undefined);
    await h.coordinator.requested(sampleRequest(), undefined);
    expect(h.reads.count).toBe(1);
    expect(h.runs.size).toBe(1);

    // The same run id twice (a replica creating the run at the same moment): the create finds it.
    const again = harness();
    await again.coordinator.requested(sampleRequest(), undefined);
    await again.coordinator.requested(sampleRequest(), undefined);
    expect(again.reads.count).toBe(1);
    expect(again.subjects()).toEqual([...planned, ...planned]);
    expect(again.deadlines.size).toBe(1);
  });
});

describe('RecentRuns', () => {
  const run = (id: string, status: RunState['status'] = 'running') => ({ run: { run_id: id, status } as RunState, revision: 1 });

  it('keeps the most recently used runs up to its bound', () => {
    const recent = new RecentRuns(2);
    recent.remember(run('a'));
    recent.remember(run('b'));
    recent.get('a');
    recent.remember(run('c'));
    expect([recent.get('a'), recent.get('b'), recent.get('c')].map((s) => s?.run.run_id)).toEqual(['a', undefined, 'c']);
    expect(recent.size).toBe(2);
  });

  it('keeps the newer revision when an older read of the same run answers late', () => {
    const recent = new RecentRuns();
    recent.remember({ ...run('a'), revision: 7 });
    recent.remember({ ...run('a'), revision: 6 });
    expect(recent.get('a')?.revision).toBe(7);
  });

  it('forgets a run that ended', () => {
    const recent = new RecentRuns();
    recent.remember(run('a'));
    recent.remember(run('a', 'succeeded'));
    expect(recent.get('a')).toBeUndefined();
  });
});
