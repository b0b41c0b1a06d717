import type { StepStarted } from '@jetway/contracts';
import { DeferredStarts, type HeardStart } from './held-until-finished';

const started = (step_id: string, attempt = 1): StepStarted => ({ run_id: 'run-1', step_id, attempt, worker: 'host:1' });

describe('DeferredStarts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function deferred() {
    const written: HeardStart[] = [];
    const starts = new DeferredStarts(async (start) => void written.push(start), 1_000, () => '2026-11-30T12:00:00.000Z');
    return { starts, written };
  }

  it('gives a start to its step finished within the delay, and never writes it on its own', () => {
    const { starts, written } = deferred();
    starts.hear(started('build'), 'evt-1');
    expect(starts.take({ run_id: 'run-1', step_id: 'build', attempt: 1 })).toEqual({ event: started('build'), eventId: 'evt-1', at: '2026-11-30T12:00:00.000Z' });
    jest.advanceTimersByTime(5_000);
    expect([written, starts.size]).toEqual([[], 0]);
  });

  it('writes the start of a step still running after the delay, once; the finished then finds nothing to take', () => {
    const { starts, written } = deferred();
    starts.hear(started('deploy'), 'evt-1');
    starts.hear(started('deploy'), 'evt-1-redelivered');
    jest.advanceTimersByTime(999);
    expect(written).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(written.map((s) => s.eventId)).toEqual(['evt-1']);
    expect(starts.take({ run_id: 'run-1', step_id: 'deploy', attempt: 1 })).toBeUndefined();
  });

  it('keeps attempts apart: the finished of attempt 2 does not take the start of attempt 1', () => {
    const { starts } = deferred();
    starts.hear(started('scan', 1), 'evt-1');
    expect(starts.take({ run_id: 'run-1', step_id: 'scan', attempt: 2 })).toBeUndefined();
    expect(starts.size).toBe(1);
  });

  it('writes every held start at a shutdown', async () => {
    const { starts, written } = deferred();
    starts.hear(started('build'), 'evt-1');
    starts.hear(started('scan'), 'evt-2');
    await starts.flush();
    expect(written.map((s) => s.eventId).sort()).toEqual(['evt-1', 'evt-2']);
    jest.advanceTimersByTime(5_000);
    expect(written).toHaveLength(2);
  });
});
