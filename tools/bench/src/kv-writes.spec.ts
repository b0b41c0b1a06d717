import { keyFamily, kvWritesLine } from './kv-writes';

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

describe('kvWritesLine', () => {
  it('names each bucket\'s families, most first as counted, without write probes or rare keys', () => {
    const line = kvWritesLine({ 'jetway-runs': { '<run>': 7, 'health.planner': 0.2 }, 'jetway-infra': { 'health.deployer': 0.1 }, 'jetway-idempotency': { 'request.<hash>': 1, 'step.deploy.<run>.deploy-staging.1': 1.04, 'odd': 0.01 } });
    expect(line).toBe('jetway-runs: <run> 7.0; jetway-idempotency: request.<hash> 1.0, step.deploy.<run>.deploy-staging.1 1.0');
  });
});
