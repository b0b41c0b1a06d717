import { keyFamily, kvWriteFamily, kvWritesLine, readFamily, withoutProbes } from './kv-writes';

describe('keyFamily', () => {
  const app = /bench-main-app-\d+/;
  it('puts every run\'s writes of one kind in one row', () => {
    expect(keyFamily('01KB6ZP5Q6W3J8T1V0XYZABCDE', app)).toBe('<run>');
    expect(keyFamily('request.9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', app)).toBe('request.<hash>');
    expect(keyFamily('step.deploy.01KB6ZP5Q6W3J8T1V0XYZABCDE.deploy-staging.1', app)).toBe('step.deploy.<run>.deploy-staging.1');
    expect(keyFamily('step-log-01M8RAYJ8A5B0Q7FXQMZJYREPC-build-1', app)).toBe('step-log-<run>-build-1');
    expect(keyFamily('sha256-f6676343bf332bf01b3c0d7ddd69de12e15c236732998e1bd7ac7e0d493d5f43', app)).toBe('sha256-<hash>');
    expect(keyFamily('bench-main-app-27.staging', app)).toBe('<app>.staging');
    expect(keyFamily('health.planner', app)).toBe('health.planner');
  });
});

describe('kvWriteFamily and readFamily', () => {
  const app = /bench-main-app-\d+/;
  it('names a KV write by bucket and key family', () => {
    expect(kvWriteFamily(app)('$KV.jetway-rollouts.bench-main-app-3.staging')).toBe('jetway-rollouts <app>.staging');
  });

  it('names a read by the KV key it asks for, in the subject (direct get) or the body (message get)', () => {
    const read = readFamily(app);
    expect(read('$JS.API.DIRECT.GET.KV_jetway-releases.$KV.jetway-releases.bench-main-app-7.staging', '')).toBe('jetway-releases <app>.staging');
    expect(read('$JS.API.STREAM.MSG.GET.KV_jetway-runs', '{"last_by_subj":"$KV.jetway-runs.01KB6ZP5Q6W3J8T1V0XYZABCDE"}')).toBe('jetway-runs <run>');
    expect(read('$JS.API.DIRECT.GET.OBJ_jetway-artifacts.$O.jetway-artifacts.M.c2hhMjU2LWFi', '')).toBe('OBJ_jetway-artifacts $O.jetway-artifacts.M.<name>');
    expect(read('$JS.API.DIRECT.GET.JETWAY_EVENTS', '{"seq":42}')).toBe('JETWAY_EVENTS (by sequence)');
    expect(read('$JS.API.STREAM.INFO.JETWAY_EVENTS', '')).toBeUndefined();
  });
});

describe('kvWritesLine', () => {
  it('names each bucket\'s families, most first as counted, without write probes or rare keys', () => {
    const line = kvWritesLine({ 'jetway-runs': { '<run>': 7, 'health.planner': 0.2 }, 'jetway-infra': { 'health.deployer': 0.1 }, 'jetway-idempotency': { 'request.<hash>': 1, 'step.deploy.<run>.deploy-staging.1': 1.04, 'odd': 0.01 } });
    expect(line).toBe('jetway-runs: <run> 7.0; jetway-idempotency: request.<hash> 1.0, step.deploy.<run>.deploy-staging.1 1.0');
  });
});

describe('withoutProbes', () => {
  it('takes the write probes out of their buckets\' streams and counts them apart', () => {
    const { writes, probes } = withoutProbes(
      { JETWAY_EVENTS: 13, 'KV_jetway-idempotency': 4.12, 'KV_jetway-infra': 0.02, 'KV_jetway-runs': 6 },
      { 'jetway-idempotency': { 'request.<hash>': 1, 'health.notifier': 0.06, 'health.deployer': 0.06 }, 'jetway-infra': { 'health.deployer': 0.02 }, 'jetway-runs': { '<run>': 6 } },
    );
    expect(writes.JETWAY_EVENTS).toBe(13);
    expect(writes['KV_jetway-idempotency']).toBeCloseTo(4, 10);
    expect(writes['KV_jetway-infra']).toBeCloseTo(0, 10);
    expect(writes['KV_jetway-runs']).toBe(6);
    expect(probes).toBeCloseTo(0.14, 10);
  });

  it('never takes more than the stream wrote (a probe counted on $KV whose stream was not read)', () => {
    const { writes, probes } = withoutProbes({ 'KV_jetway-runs': 0.01 }, { 'jetway-runs': { 'health.planner': 0.05 }, 'jetway-gone': { 'health.planner': 1 } });
    expect(writes['KV_jetway-runs']).toBe(0);
    expect(probes).toBeCloseTo(0.01, 10);
  });
});
