import { INLINE_LOG_BYTES } from '@jetway/contracts';
import { keepStepLog } from '@jetway/messaging';
import { deployInput, digestOf } from '../use-cases/deploy.fakes';
import { attemptLog, clampReason, deployStep, LOG_MAX_BYTES, REASON_MAX_CHARS } from './deploy-step';
import { fakeRolloutDeps as fakeDeps } from './rollout.fakes';

const V1 = digestOf('a');
const V2 = digestOf('b');
const rolling = (digest: string) => ({ ...deployInput(digest), strategy: 'rolling' as const });

/** Step logs kept by the real rule (keepStepLog): `texts` is every log given, `objects` what was stored. */
function memoryLogs() {
  const texts: string[] = [];
  const objects = new Map<string, string>();
  const ref = { run_id: '01J0000000000000000000000A', step_id: 'deploy-staging', attempt: 1 };
  const store = async (text: string) => (texts.push(text), keepStepLog(ref, text, async (name, bytes) => void objects.set(name, Buffer.from(bytes).toString('utf8'))));
  return { texts, objects, store };
}

describe('deployStep', () => {
  it('finishes a success with the release and the log of the instances it started, inline when small', async () => {
    const deps = fakeDeps();
    const logs = memoryLogs();
    const result = await deployStep(rolling(V1), deps, logs.store);
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: V1 } }, log: logs.texts[0] });
    expect(result.reason).toBeUndefined();
    expect('log_object' in result).toBe(false);
    expect(logs.objects.size).toBe(0);
    const targets = deps.runtime.running('hello', 'staging').map((i) => i.target);
    for (const target of targets) expect(result.log).toContain(`listening on ${target}`);
  });

  it('says "nothing to do" on a success that changed nothing', async () => {
    const deps = fakeDeps();
    await deployStep(rolling(V1), deps, memoryLogs().store);
    const again = await deployStep({ ...rolling(V1), run_id: '01J0000000000000000000000B' }, deps, memoryLogs().store);
    expect(again).toMatchObject({ outcome: 'succeeded', reason: 'already serving this release; nothing to do', log: expect.stringContaining('already serving this release') });
  });

  it('keeps the log of instances that crashed in the failed result', async () => {
    const deps = fakeDeps();
    deps.runtime.crashes.set(V2, { exit: { code: 1, signal: null }, stderr: "KeyError: 'PORT'\n" });
    const logs = memoryLogs();
    const result = await deployStep(rolling(V2), deps, logs.store);
    expect(result).toMatchObject({ outcome: 'failed', log: logs.texts[0], reason: expect.stringContaining('exited with code 1') });
    expect(result.log?.match(/KeyError: 'PORT'/g)?.length).toBeGreaterThanOrEqual(2); // reason + each instance's stderr
    expect(result.log).toMatch(/--- \S+ \(127\.0\.0\.1:\d+\) stderr ---\nKeyError/);
  });

  it('stores a log over INLINE_LOG_BYTES and names it instead', async () => {
    const deps = fakeDeps();
    deps.runtime.crashes.set(V2, { exit: { code: 1, signal: null }, stderr: `${'Traceback line\n'.repeat(INLINE_LOG_BYTES / 8)}KeyError: 'PORT'\n` });
    const logs = memoryLogs();
    const result = await deployStep(rolling(V2), deps, logs.store);
    expect(result).toMatchObject({ outcome: 'failed', log_object: `step-log-01J0000000000000000000000A-deploy-staging-1` });
    expect('log' in result).toBe(false);
    expect(logs.objects.get(result.log_object ?? '')).toBe(logs.texts[0]);
    expect(Buffer.byteLength(logs.texts[0] ?? '')).toBeGreaterThan(INLINE_LOG_BYTES);
  });

  it('leaves the log out when it could not be stored', async () => {
    const result = await deployStep(rolling(V1), fakeDeps(), async () => ({}));
    expect(result.outcome).toBe('succeeded');
    expect('log_object' in result || 'log' in result).toBe(false);
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
