import { sampleRequest } from '../testing/sample-request';
import { outputsOf } from '../pipelines';
import { RunState } from './run-state';

const DIGEST = `sha256:${'c'.repeat(64)}`;

describe('RunState', () => {
  it('upcasts a run kept by an older planner: its top-level digest and releases move into the steps that produced them', () => {
    const legacy = {
      run_id: '01J0000000000000000000000A',
      application: 'hello',
      idempotency_key: 'hello-0001',
      request: sampleRequest(),
      status: 'running',
      created_at: '2026-11-30T00:00:00Z',
      digest: DIGEST,
      releases: { staging: { digest: DIGEST, url: 'http://127.0.0.1:8480/hello/staging', targets: ['127.0.0.1:1'] } },
      steps: [
        { step_id: 'build', kind: 'build', depends_on: [], deadline_seconds: 600, status: 'finished', attempt: 1, outcome: 'succeeded' },
        { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', depends_on: ['build'], deadline_seconds: 300, status: 'finished', attempt: 1, outcome: 'succeeded' },
        { step_id: 'verify-staging', kind: 'verify', environment: 'staging', depends_on: ['deploy-staging'], deadline_seconds: 120, status: 'pending', attempt: 1 },
      ],
      applied: [],
      notes: [],
    };
    const run = RunState.parse(legacy);
    expect(run).not.toHaveProperty('digest');
    expect(outputsOf(run, 'build', 'build')?.digest).toBe(DIGEST);
    expect(outputsOf(run, 'deploy-staging', 'deploy')?.release?.url).toBe('http://127.0.0.1:8480/hello/staging');
    expect(run.steps[2]?.outputs).toBeUndefined();
  });
});
