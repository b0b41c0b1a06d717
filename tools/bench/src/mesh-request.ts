import type { DeploymentRequestInput } from '@jetway/contracts';

/** Each step's deadline in the bench's runs (see benchRequest). */
export const BURST_DEADLINE_S = 3_600;

/**
 * The fastest real pipeline: staging only (build → scan → deploy → verify → monitor), one
 * replica, auto-approval, policy and scans on. With the no-op build and deploy drivers nothing
 * runs outside the mesh; the source and commands below are never read or started. Runs share
 * a bounded set of applications, as an organisation redeploys its services: per-application
 * state (releases, metrics labels, monitoring files, serialised rollouts) stays realistic.
 * Deadlines are an hour per step: a burst of 10,000 runs queues longer than the defaults (monitor
 * 120 s), which fail such runs on time; the bench measures the queue, not that policy.
 */
export function benchRequest(key: string, application: string): DeploymentRequestInput {
  return {
    kind: 'deployment',
    idempotency_key: key,
    requested_by: 'bench',
    application_name: application,
    // A new version every run: the no-op artifact describes the source, so each run has its own digest.
    artifact_source: { type: 'directory', location: `/nonexistent/bench-source/${key}` },
    build: { command: 'true', output: '.' },
    target_environments: ['staging'],
    deployment_strategy: 'rolling',
    platform_config: {
      type: 'local',
      replicas: 1,
      run: { command: 'true' },
      health_check: { initial_delay: 0, interval: 0.1, success_threshold: 1 },
    },
    approval: { approvers: [], auto_approve: true },
    deadlines: { build: BURST_DEADLINE_S, scan: BURST_DEADLINE_S, deploy: BURST_DEADLINE_S, verify: BURST_DEADLINE_S, monitor: BURST_DEADLINE_S },
  };
}
