import type { EventInput, EventSubject } from './registry';

/**
 * Valid sample payloads for every persisted subject, for contract tests (and docs). Not exported
 * from index.ts: product code must build its own payloads. Typed per subject, so adding a subject
 * to the registry without a sample does not compile.
 */
export const RUN_ID = '01HZY3J5K6M7N8P9QRSTVWXYZ0';
export const DIGEST = `sha256:${'ab12'.repeat(16)}`;
export const PREVIOUS_DIGEST = `sha256:${'cd34'.repeat(16)}`;

const ref = { run_id: RUN_ID, attempt: 1 } as const;
const release = {
  digest: DIGEST,
  url: 'http://127.0.0.1:8080/apps/shop/staging/',
  targets: ['127.0.0.1:40001', '127.0.0.1:40002'],
  previous_digest: PREVIOUS_DIGEST,
};

/** The smallest deployment request the schema accepts; every other field takes its default. */
export const MINIMAL_REQUEST: EventInput<'jetway.pipeline.requested.v1'> = {
  kind: 'deployment',
  idempotency_key: 'shop-main-4f2a9c1',
  application_name: 'shop',
  artifact_source: { type: 'directory', location: 'examples/shop' },
  build: { command: 'npm run build' },
  target_environments: ['staging', 'production'],
  platform_config: { run: { command: 'node server.js' } },
};

export const SAMPLES: { readonly [S in EventSubject]: EventInput<S> } = {
  'jetway.pipeline.requested.v1': MINIMAL_REQUEST,
  'jetway.pipeline.planned.v1': {
    run_id: RUN_ID,
    application: 'shop',
    idempotency_key: 'shop-main-4f2a9c1',
    steps: [
      { step_id: 'build', kind: 'build', depends_on: [], deadline_seconds: 600 },
      { step_id: 'scan', kind: 'scan', depends_on: ['build'], deadline_seconds: 300 },
      { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', depends_on: ['scan'], deadline_seconds: 300 },
    ],
  },
  'jetway.pipeline.finished.v1': {
    run_id: RUN_ID,
    application: 'shop',
    outcome: 'succeeded',
    duration_ms: 42_000,
    urls: { staging: release.url },
    steps: [{ step_id: 'build', kind: 'build', outcome: 'succeeded', duration_ms: 9_000 }],
  },
  'jetway.timer.step-deadline.v1': { run_id: RUN_ID, step_id: 'build', attempt: 1, due_at: '2030-01-01T00:10:00.000Z' },
  'jetway.step.build.triggered.v1': {
    ...ref,
    step_id: 'build',
    application: 'shop',
    source: { type: 'git', location: '/srv/repos/shop', version: 'main' },
    build: { command: 'npm ci && npm run build', output: 'dist' },
  },
  'jetway.step.build.started.v1': { ...ref, step_id: 'build', worker: 'builder-1a2b3c4d' },
  'jetway.step.build.finished.v1': {
    ...ref,
    step_id: 'build',
    outcome: 'succeeded',
    duration_ms: 9_000,
    outputs: { digest: DIGEST, size_bytes: 20_480, log_object: 'log-build-1', log_tail: 'built in 8.7s' },
  },
  'jetway.step.scan.triggered.v1': { ...ref, step_id: 'scan', application: 'shop', digest: DIGEST, fail_on_severity: 'high' },
  'jetway.step.scan.started.v1': { ...ref, step_id: 'scan', worker: 'scanner-1a2b3c4d' },
  'jetway.step.scan.finished.v1': {
    ...ref,
    step_id: 'scan',
    outcome: 'succeeded',
    duration_ms: 1_200,
    outputs: {
      digest: DIGEST,
      verdict: 'pass',
      counts: { low: 1, medium: 0, high: 0, critical: 0 },
      top_findings: [{ rule: 'dockerfile-latest-tag', severity: 'low', file: 'Dockerfile', line: 1 }],
      sarif_object: `sarif-${'ab12'.repeat(16)}`,
    },
  },
  'jetway.step.deploy.triggered.v1': {
    ...ref,
    step_id: 'deploy-staging',
    application: 'shop',
    environment: 'staging',
    digest: DIGEST,
    strategy: 'canary',
    platform_config: { run: { command: 'node server.js' }, replicas: 3 },
  },
  'jetway.step.deploy.started.v1': { ...ref, step_id: 'deploy-staging', worker: 'deployer-1a2b3c4d' },
  'jetway.step.deploy.finished.v1': {
    ...ref,
    step_id: 'deploy-staging',
    outcome: 'succeeded',
    duration_ms: 15_000,
    outputs: { release },
  },
  'jetway.step.verify.triggered.v1': {
    ...ref,
    step_id: 'verify-staging',
    application: 'shop',
    environment: 'staging',
    digest: DIGEST,
    url: release.url,
    health_path: '/health',
  },
  'jetway.step.verify.started.v1': { ...ref, step_id: 'verify-staging', worker: 'deployer-1a2b3c4d' },
  'jetway.step.verify.finished.v1': {
    ...ref,
    step_id: 'verify-staging',
    outcome: 'succeeded',
    duration_ms: 1_500,
    outputs: { checks_passed: 3 },
  },
  'jetway.step.monitor.triggered.v1': {
    ...ref,
    step_id: 'monitor-staging',
    application: 'shop',
    environment: 'staging',
    release,
    slo: { availability: 0.999, latency_p99_ms: 300 },
  },
  'jetway.step.monitor.started.v1': { ...ref, step_id: 'monitor-staging', worker: 'monitor-configurator-1a2b3c4d' },
  'jetway.step.monitor.finished.v1': {
    ...ref,
    step_id: 'monitor-staging',
    outcome: 'succeeded',
    duration_ms: 300,
    outputs: { files: ['monitoring/shop-staging.rules.yml'] },
  },
  'jetway.approval.requested.v1': {
    run_id: RUN_ID,
    step_id: 'approve-production',
    application: 'shop',
    environment: 'production',
    digest: DIGEST,
    approvers: ['alice', 'bob'],
  },
  'jetway.approval.decided.v1': {
    run_id: RUN_ID,
    step_id: 'approve-production',
    decision: 'approved',
    approver: 'alice',
    comment: 'staging looks good',
  },
};
