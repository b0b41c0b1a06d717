import { deployInput, digestOf } from '../use-cases/deploy.fakes';
import { attemptLog, clampReason, deployStep, LOG_MAX_BYTES, REASON_MAX_CHARS } from './deploy-step';
import { fakeRolloutDeps as fakeDeps } from './rollout.fakes';

const V1 = digestOf('a');
const V2 = digestOf('b');
const rolling = (digest: string) => ({ ...deployInput(digest), strategy: 'rolling' as const });

/** A log store that keeps what it was given, under the name the step log would get. */
function memoryLogs() {
  const stored: string[] = [];
  const store = async (text: string) => (stored.push(text), `step-log-${stored.length}`);
  return { stored, store };
}

describe('deployStep', () => {
  it('finishes a success with the release and the stored log of the instances it started', async () => {
    const deps = fakeDeps();
    const logs = memoryLogs();
    const result = await deployStep(rolling(V1), deps, logs.store);
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: V1 } }, log_object: 'step-log-1' });
    expect(result.reason).toBeUndefined();
    const targets = deps.runtime.running('hello', 'staging').map((i) => i.target);
    for (const target of targets) expect(logs.stored[0]).toContain(`listening on ${target}`);
  });

  it('says "nothing to do" on a success that changed nothing', async () => {
    const deps = fakeDeps();
    await deployStep(rolling(V1), deps, memoryLogs().store);
    const again = await deployStep({ ...rolling(V1), run_id: '01J0000000000000000000000B' }, deps, memoryLogs().store);
    expect(again).toMatchObject({ outcome: 'succeeded', reason: 'already serving this release; nothing to do', log_object: 'step-log-1' });
  });

  it('stores the log of instances that crashed, and names it in the failed result', async () => {
    const deps = fakeDeps();
    deps.runtime.crashes.set(V2, { exit: { code: 1, signal: null }, stderr: "KeyError: 'PORT'\n" });
    const logs = memoryLogs();
    const result = await deployStep(rolling(V2), deps, logs.store);
    expect(result).toMatchObject({ outcome: 'failed', log_object: 'step-log-1', reason: expect.stringContaining('exited with code 1') });
    expect(logs.stored[0]?.match(/KeyError: 'PORT'/g)?.length).toBeGreaterThanOrEqual(2); // reason + each instance's stderr
    expect(logs.stored[0]).toMatch(/--- \S+ \(127\.0\.0\.1:\d+\) stderr ---\nKeyError/);
  });

  it('leaves log_object out when the log could not be stored', async () => {
    const result = await deployStep(rolling(V1), fakeDeps(), async () => undefined);
    expect(result.outcome).toBe('succeeded');
    expect('log_object' in result).toBe(false);
  });
});

describe('clampReason', () => {
  it('keeps a reason within the contract, with its start and its end (the stderr tail)', () => {
    const reason = `START ${'x'.repeat(10_000)} KeyError: 'PORT'`;
    const clamped = clampReason(reason);
    expect(clamped.length).toBeLessThanOrEqual(REASON_MAX_CHARS);
    expect(clamped.startsWith('START ')).toBe(true);
    expect(clamped.endsWith("KeyError: 'PORT'")).toBe(true);
    expect(clamped).toMatch(/characters cut/);
    expect(clampReason('short')).toBe('short');
  });
});

describe('attemptLog', () => {
  it('bounds every instance stream so the whole log stays within its budget', async () => {
    const deps = fakeDeps();
    const input = deployInput(V1);
    await deployStep({ ...input, strategy: 'rolling' }, deps, memoryLogs().store);
    const instances = deps.runtime.running('hello', 'staging');
    const seen: number[] = [];
    const huge = { output: async (_i: unknown, maxBytes: number) => (seen.push(maxBytes), { stdout: 'o'.repeat(maxBytes), stderr: 'e'.repeat(maxBytes) }) };
    const log = await attemptLog(input, { outcome: 'failed', reason: 'r', instances }, huge);
    expect(Buffer.byteLength(log)).toBeLessThan(LOG_MAX_BYTES + 1_000);
    expect(Math.max(...seen)).toBeLessThanOrEqual(32 * 1024);
  });
});
