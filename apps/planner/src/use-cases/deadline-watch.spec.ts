import { waitFor } from '@jetway/testing';
import { createRun, markTriggered } from '../domain/progress';
import type { RunState, StepState } from '../domain/run-state';
import { sampleRequest } from '../testing/sample-request';
import { DeadlineWatch, type DueStep } from './deadline-watch';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A run whose steps are set as given: `triggeredAt` in epoch ms; deadlines are each step's own (build 600 s, …). */
function runWith(runId: string, steps: Record<string, Partial<StepState> & { triggeredAt?: number }>, status: RunState['status'] = 'running'): RunState {
  let run = createRun({ runId, request: sampleRequest(), now: iso(T0) });
  for (const [stepId, change] of Object.entries(steps)) {
    if (change.triggeredAt !== undefined) run = markTriggered(run, run.steps.find((s) => s.step_id === stepId) as StepState, iso(change.triggeredAt));
    const { triggeredAt: _, ...rest } = change;
    run = { ...run, steps: run.steps.map((s) => (s.step_id === stepId ? { ...s, ...rest } : s)) };
  }
  return { ...run, status };
}

/** A watch whose clock reads `clock.ms`, firing into `fired` (answering `answer`). */
function watchAt(clock: { ms: number }, answer: (due: DueStep) => Promise<boolean> = async () => true) {
  const fired: DueStep[] = [];
  const errors: unknown[] = [];
  const watch = new DeadlineWatch((_due, error) => void errors.push(error), () => clock.ms, 5);
  watch.start(async (due) => {
    fired.push(due);
    return answer(due);
  });
  return { watch, fired, errors };
}

describe('DeadlineWatch', () => {
  const buildDeadline = createRun({ runId: 'x', request: sampleRequest(), now: iso(T0) }).steps.find((s) => s.step_id === 'build')?.deadline_seconds as number;

  it('fires a live step attempt once its deadline has passed, and only once however often the run is seen again', async () => {
    const clock = { ms: T0 + buildDeadline * 1000 + 1 };
    const { watch, fired } = watchAt(clock);
    const open = runWith('r1', { build: { status: 'triggered', triggeredAt: T0 } });
    watch.track(open);
    await waitFor(() => fired.length === 1, { message: 'the build deadline' });
    expect(fired[0]).toEqual({ runId: 'r1', stepId: 'build', attempt: 1, dueMs: T0 + buildDeadline * 1000 });
    // A redelivered event shows the same open step again: the published deadline is not fired twice.
    watch.track(open);
    const later = runWith('r2', { build: { status: 'triggered', triggeredAt: T0 } });
    watch.track(later);
    await waitFor(() => fired.length === 2, { message: 'the second run’s deadline' });
    expect(fired.map((d) => d.runId)).toEqual(['r1', 'r2']);
    watch.stop();
  });

  it('does not fire a step a later state shows finished, nor any step of a run that ended', async () => {
    const clock = { ms: T0 + 3_600_000 };
    const fired: DueStep[] = [];
    const watch = new DeadlineWatch(() => undefined, () => clock.ms);
    watch.track(runWith('done', { build: { status: 'triggered', triggeredAt: T0 - 10_000 } }));
    watch.track(runWith('ended', { build: { status: 'running', triggeredAt: T0 - 10_000 } }));
    watch.track(runWith('open', { build: { status: 'running', triggeredAt: T0 } }));
    expect(watch.size).toBe(3);
    watch.track(runWith('done', { build: { status: 'finished', outcome: 'succeeded', triggeredAt: T0 - 10_000 } }));
    watch.track(runWith('ended', { build: { status: 'running', triggeredAt: T0 - 10_000 } }, 'failed'));
    expect(watch.size).toBe(1);
    watch.start(async (due) => (fired.push(due), true));
    await waitFor(() => fired.length > 0, { message: 'the open run’s deadline' });
    // The two others were due first: had they been kept, they would have fired first.
    expect(fired.map((d) => d.runId)).toEqual(['open']);
    watch.stop();
  });

  it('keeps a newer live step when an older state of the run comes after it (two events applied at once)', async () => {
    const clock = { ms: T0 + 3_600_000 };
    const { watch, fired } = watchAt(clock);
    const newer = runWith('r', { build: { status: 'finished', outcome: 'succeeded', triggeredAt: T0 }, scan: { status: 'triggered', triggeredAt: T0 + 1 } });
    const older = runWith('r', { build: { status: 'running', triggeredAt: T0 } });
    watch.track(newer);
    watch.track(older);
    await waitFor(() => fired.length === 2, { message: 'both deadlines' });
    // The scan stays watched; the build comes back only as a stale entry the coordinator finds closed.
    expect(fired.map((d) => d.stepId).sort()).toEqual(['build', 'scan']);
    watch.stop();
  });

  it('tries a deadline again when it could not be published, and forgets one whose step was no longer open', async () => {
    // A clock that runs: the retry falls due a few milliseconds later.
    const offset = T0 + 3_600_000 - Date.now();
    const clock = {
      get ms() {
        return Date.now() + offset;
      },
    };
    let failures = 1;
    const { watch, fired, errors } = watchAt(clock, async (due) => {
      if (due.runId === 'flaky' && failures-- > 0) throw new Error('503 no responders');
      return due.runId !== 'closed';
    });
    watch.track(runWith('flaky', { build: { status: 'triggered', triggeredAt: T0 } }));
    watch.track(runWith('closed', { build: { status: 'triggered', triggeredAt: T0 } }));
    await waitFor(() => fired.filter((d) => d.runId === 'flaky').length === 2, { message: 'the deadline tried again' });
    expect(errors.map(String)).toEqual(['Error: 503 no responders']);
    await waitFor(() => watch.size === 1, { message: 'the closed step forgotten' });
    watch.stop();
  });

  it('fires nothing before start or after stop, and tracks nothing after stop', async () => {
    const clock = { ms: T0 + 3_600_000 };
    const fired: DueStep[] = [];
    const watch = new DeadlineWatch(() => undefined, () => clock.ms);
    watch.track(runWith('r', { build: { status: 'triggered', triggeredAt: T0 } }));
    // Not started: a due deadline waits (the planner's consumers are not running yet).
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toEqual([]);
    watch.start(async (due) => (fired.push(due), true));
    await waitFor(() => fired.length === 1, { message: 'the deadline once started' });
    watch.stop();
    watch.track(runWith('s', { build: { status: 'triggered', triggeredAt: T0 } }));
    expect(watch.stopped).toBe(true);
    expect(watch.size).toBe(1);
  });

  it('keeps its timer heap within a few times the steps it watches when steps finish long before their deadlines', async () => {
    const clock = { ms: T0 };
    const fired: DueStep[] = [];
    const watch = new DeadlineWatch(() => undefined, () => clock.ms);
    watch.start(async (due) => (fired.push(due), true));
    for (let i = 0; i < 3_000; i += 1) {
      const id = `r${i}`;
      watch.track(runWith(id, { build: { status: 'triggered', triggeredAt: T0 } }));
      watch.track(runWith(id, { build: { status: 'finished', outcome: 'succeeded', triggeredAt: T0 } }));
    }
    watch.track(runWith('open', { build: { status: 'triggered', triggeredAt: T0 - 3_600_000 } }));
    expect(watch.size).toBe(1);
    expect(watch.pending).toBeLessThanOrEqual(1_025);
    // What is still watched fires; nothing that finished does.
    await waitFor(() => fired.length > 0, { message: 'the open run’s deadline' });
    expect(fired.map((d) => d.runId)).toEqual(['open']);
    watch.stop();
  });
});
