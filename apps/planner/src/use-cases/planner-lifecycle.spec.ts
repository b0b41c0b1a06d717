import { waitFor } from '@jetway/testing';
import { harness } from '../testing/coordinator-harness';
import { sampleRequest } from '../testing/sample-request';
import { DeadlineWatch } from './deadline-watch';
import { PlannerLifecycle, type LifecycleLog } from './planner-lifecycle';
import type { RunIndex, RunRepository } from './ports';

const SWEEP_FAILED = 'could not read the run store for the open runs\' deadlines; reading it again in 5 s';
const SWEPT = 'watching the deadlines of the open runs in the store';

/** A log that keeps what it was told. */
function recordingLog() {
  const lines: Array<{ level: 'info' | 'error'; message: string; fields?: Record<string, unknown> }> = [];
  const log: LifecycleLog = {
    info: (message, fields) => void lines.push({ level: 'info', message, fields }),
    error: (message, fields) => void lines.push({ level: 'error', message, fields }),
  };
  return { log, lines };
}

/** A run store whose listing fails `failures` times (a broker not answering yet), then lists nothing. */
function failingStore(failures: number): RunIndex & RunRepository & { reads: () => number } {
  let reads = 0;
  return {
    ids: async () => {
      reads += 1;
      if (reads <= failures) throw new Error('503 no responders');
      return [];
    },
    get: async () => undefined,
    create: async () => 1,
    update: async () => 2,
    reads: () => reads,
  };
}

describe('PlannerLifecycle', () => {
  afterEach(() => jest.useRealTimers());

  it('at start, watches the deadlines of the runs a planner set off before it started, and fires one already past', async () => {
    // A run stored by an earlier planner, its build deadline long past; this planner's watch never saw it.
    const earlier = harness({ now: () => '2026-01-01T00:00:00.000Z' });
    await earlier.coordinator.requested(sampleRequest({ deadlines: { build: 30 } }), undefined);
    const deadlines = new DeadlineWatch(() => undefined);
    const { log, lines } = recordingLog();
    const runs: RunIndex & RunRepository = { ids: async () => [...earlier.runs.keys()], get: async (id) => earlier.runs.get(id), create: async () => 1, update: async () => 2 };
    const lifecycle = new PlannerLifecycle({ coordinator: earlier.coordinator, deadlines, starts: { flush: async () => undefined }, runs, log });

    lifecycle.onApplicationBootstrap();
    await waitFor(() => earlier.subjects().includes('jetway.timer.step-deadline.v1#build'), { message: 'the past build deadline published' });
    await waitFor(() => lines.length > 0, { message: 'the sweep logged' });
    expect(lines).toEqual([{ level: 'info', message: SWEPT, fields: { runs: 1, open: 1, steps: 1 } }]);
    await lifecycle.onApplicationShutdown();
  });

  it('reads the store again 5 s after a failed read, saying so, and stops trying once the planner stops', async () => {
    jest.useFakeTimers();
    const store = failingStore(2);
    const { log, lines } = recordingLog();
    const deadlines = new DeadlineWatch(() => undefined);
    const lifecycle = new PlannerLifecycle({ coordinator: { deadlineDue: async () => false }, deadlines, starts: { flush: async () => undefined }, runs: store, log });

    lifecycle.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(lines).toEqual([{ level: 'error', message: SWEEP_FAILED, fields: { error: 'Error: 503 no responders' } }]);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(store.reads()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.reads()).toBe(2);
    expect(lines).toHaveLength(2);

    await lifecycle.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(60_000);
    // Stopped while waiting to read again: no third read, and no "watching" line.
    expect(store.reads()).toBe(2);
    expect(lines.map((l) => l.level)).toEqual(['error', 'error']);
  });

  it('at a stop, stops the watch before writing the held starts, so no deadline fires while they are written', async () => {
    const deadlines = new DeadlineWatch(() => undefined);
    const seen: boolean[] = [];
    const { log } = recordingLog();
    const lifecycle = new PlannerLifecycle({
      coordinator: { deadlineDue: async () => false },
      deadlines,
      starts: { flush: async () => void seen.push(deadlines.stopped) },
      runs: failingStore(0),
      log,
    });
    lifecycle.onApplicationBootstrap();
    await lifecycle.onApplicationShutdown();
    expect(seen).toEqual([true]);
  });
});
