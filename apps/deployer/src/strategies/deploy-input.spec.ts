import { RolloutSpec, type DeployTriggered } from '@jetway/contracts';
import { deployInputOf, rolloutDeadline } from './deploy-input';

const TRIGGER: DeployTriggered = {
  run_id: '01J00000000000000000000000', step_id: 'deploy-production', attempt: 2, application: 'shop', environment: 'production',
  digest: `sha256:${'a'.repeat(64)}`, strategy: 'canary',
  platform_config: { type: 'local', replicas: 2, run: { command: 'node server.js', port_env: 'PORT', env: {} }, health_check: { path: '/health', initial_delay: 0, interval: 1, timeout: 1, success_threshold: 1, failure_threshold: 3 } },
};
const resolved = { artifactPath: '/tmp/a.tar.gz', healthDeadlineMs: 60_000, triggeredAt: '2030-01-01T00:00:00.000Z', nowMs: 0 };
const T0 = Date.parse(resolved.triggeredAt);

describe('deployInputOf', () => {
  it('keeps a tenth of the deadline (at most 15 s) for the rollout to abort before the planner fails the step', () => {
    expect(rolloutDeadline(0, 60)).toBe(54_000);
    expect(rolloutDeadline(0, 3_600)).toBe(3_585_000);
  });

  it('counts the deadline from the trigger, the deploy kind default when the trigger names none, and fills the rollout defaults', () => {
    const input = deployInputOf(TRIGGER, resolved);
    expect(input.deadline).toBe(T0 + 285_000);
    expect(input.rollout).toEqual(RolloutSpec.parse({}));
    expect(input).toMatchObject({ step_id: 'deploy-production', attempt: 2, strategy: 'canary', artifactPath: '/tmp/a.tar.gz' });
    expect(deployInputOf({ ...TRIGGER, deadline_seconds: 3_600 }, resolved).deadline).toBe(T0 + 3_585_000);
  });

  it('counts from now when the trigger time does not read', () => {
    expect(deployInputOf(TRIGGER, { ...resolved, triggeredAt: 'soon', nowMs: 1_000 }).deadline).toBe(286_000);
  });
});
