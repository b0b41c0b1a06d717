import { TransientError } from '@jetway/messaging';
import { KeyedQueue } from './keyed-queue';
import { noteWait, VerifyHolds } from './verify-holds';

const KEY = 'hello/staging';
const DIGEST_A = `sha256:${'a'.repeat(64)}`;

describe('VerifyHolds', () => {
  it('keeps the next deploy of the environment waiting until the verify of the one before has run', async () => {
    const holds = new VerifyHolds(60_000);
    holds.hold(KEY, 'run-a', DIGEST_A);
    let waited: Awaited<ReturnType<VerifyHolds['wait']>> | undefined;
    const next = holds.wait(KEY, 'run-b').then((w) => (waited = w));
    await Promise.resolve();
    expect(waited).toBeUndefined();
    holds.release(KEY, 'run-other'); // another run's verify does not end run-a's hold
    await Promise.resolve();
    expect(waited).toBeUndefined();
    holds.release(KEY, 'run-a');
    await next;
    expect(waited).toMatchObject({ kind: 'released', hold: { runId: 'run-a', digest: DIGEST_A } });
    expect(holds.holder(KEY)).toBeUndefined();
  });

  it("does not hold a run's own redelivered deploy, nor another environment", async () => {
    const holds = new VerifyHolds(60_000);
    holds.hold(KEY, 'run-a', DIGEST_A);
    await expect(holds.wait(KEY, 'run-a')).resolves.toEqual({ kind: 'free' });
    await expect(holds.wait('hello/production', 'run-b')).resolves.toEqual({ kind: 'free' });
    expect(holds.holder(KEY)?.runId).toBe('run-a');
  });

  it('lets the next deploy go after the bound when the verify never comes, and says so', async () => {
    const holds = new VerifyHolds(30);
    holds.hold(KEY, 'run-a', DIGEST_A);
    const waited = await holds.wait(KEY, 'run-b');
    expect(waited).toMatchObject({ kind: 'expired', hold: { runId: 'run-a' } });
    expect(waited.kind !== 'free' && waited.waitedMs).toBeGreaterThanOrEqual(25);
    expect(holds.holder(KEY)).toBeUndefined();
    expect(noteWait({ outcome: 'succeeded' }, waited).reason).toMatch(/^rolled out after waiting 0\.\d s without the verify of sha256:a+ \(run run-a\).*JETWAY_VERIFY_HOLD_MS/);
  });

  it('stops waiting with a retryable error when the deployer stops', async () => {
    const holds = new VerifyHolds(60_000);
    holds.hold(KEY, 'run-a', DIGEST_A);
    const stopping = new AbortController();
    const waiting = holds.wait(KEY, 'run-b', stopping.signal);
    stopping.abort();
    await expect(waiting).rejects.toThrow(TransientError);
    await expect(holds.wait(KEY, 'run-c', AbortSignal.abort())).rejects.toThrow(/the deployer is stopping while this deploy waited for the verify of run run-a/);
    expect(holds.holder(KEY)?.runId).toBe('run-a');
  });

  it('orders deploys of one environment in a KeyedQueue: each rolls out after the verify before it', async () => {
    const holds = new VerifyHolds(60_000);
    const queue = new KeyedQueue();
    const log: string[] = [];
    const deploy = (run: string) =>
      queue.run(KEY, async () => {
        const waited = await holds.wait(KEY, run);
        log.push(`deploy ${run}${waited.kind === 'released' ? ` after ${waited.hold.runId}` : ''}`);
        holds.hold(KEY, run, DIGEST_A);
      });
    const deploys = Promise.all([deploy('run-1'), deploy('run-2'), deploy('run-3')]);
    for (const run of ['run-1', 'run-2']) {
      await waitHeld(holds, run);
      log.push(`verify ${run}`);
      holds.release(KEY, run);
    }
    await deploys;
    expect(log).toEqual(['deploy run-1', 'verify run-1', 'deploy run-2 after run-1', 'verify run-2', 'deploy run-3 after run-2']);
  });

  it('puts the wait before what the deploy itself said, and a success that waited says how long', () => {
    const hold = { runId: 'run-a', digest: DIGEST_A, untilMs: 0 };
    expect(noteWait({ outcome: 'succeeded' }, { kind: 'free' })).toEqual({ outcome: 'succeeded' });
    expect(noteWait({ outcome: 'failed', reason: 'instance exited' }, { kind: 'released', hold, waitedMs: 1_250 }).reason).toBe(
      `waited 1.3 s for the verify of ${DIGEST_A} (run run-a) here before rolling out; instance exited`,
    );
  });
});

/** Resolves once `run` holds KEY (its queued deploy has run). */
async function waitHeld(holds: VerifyHolds, run: string): Promise<void> {
  while (holds.holder(KEY)?.runId !== run) await new Promise((resolve) => setImmediate(resolve));
}
