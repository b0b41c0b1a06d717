import type { CiCdSetupRequest } from './pipeline/ci-setup-request.v1';
import type { DeploymentRequestInput } from './pipeline/request.v1';
import type { EventInput, EventSubject } from './registry';
import { incident, MINIMAL_MONITORING_REQUEST, monitoringCounts } from './samples.monitoring';
import { INFRASTRUCTURE_SAMPLES } from './samples.infrastructure';

export { MINIMAL_MONITORING_REQUEST } from './samples.monitoring';
export { MINIMAL_INFRASTRUCTURE_REQUEST, INFRA_APPROVAL_REQUEST } from './samples.infrastructure';

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
export const MINIMAL_REQUEST: DeploymentRequestInput = {
  kind: 'deployment',
  idempotency_key: 'shop-main-4f2a9c1',
  application_name: 'shop',
  artifact_source: { type: 'directory', location: 'examples/shop' },
  build: { command: 'npm run build' },
  target_environments: ['staging', 'production'],
  platform_config: { run: { command: 'node server.js' } },
};

/** The smallest CI/CD setup request the schema accepts. */
export const MINIMAL_CI_SETUP_REQUEST: Pick<CiCdSetupRequest, 'kind' | 'idempotency_key' | 'project_path' | 'ci_platform' | 'project_type'> = {
  kind: 'ci_cd_setup',
  idempotency_key: 'shop-ci-setup-0001',
  project_path: '/srv/repos/shop',
  ci_platform: ['github_actions', 'gitlab_ci'],
  project_type: 'web_app',
};

const analysis = {
  languages: [{ name: 'javascript', files: 12 }],
  components: [{ path: '.', name: 'shop', language: 'javascript' as const, package_manager: 'npm' as const, lockfile: 'package-lock.json', runtime_versions: ['24'], install_command: 'npm ci', build_command: 'npm run build', test_command: 'npm test', test_framework: 'node:test', coverage_tool: 'c8' }],
  dockerfiles: ['Dockerfile'],
  existing_ci: [],
};
const commands = [{ component: '.', install: 'npm ci', build: 'npm run build', test: 'npx c8 --check-coverage --lines 80 npm test' }];

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
    outputs: { digest: DIGEST, size_bytes: 20_480, log_tail: 'built in 8.7s' },
    log: 'npm ci: added 212 packages\nnpm run build: built in 8.7s\n',
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
  'jetway.step.analyze.triggered.v1': { ...ref, step_id: 'analyze', application: 'shop', project: { path: '/srv/repos/shop', ref: 'main' } },
  'jetway.step.analyze.started.v1': { ...ref, step_id: 'analyze', worker: 'builder-1a2b3c4d' },
  'jetway.step.analyze.finished.v1': { ...ref, step_id: 'analyze', outcome: 'succeeded', duration_ms: 800, outputs: { analysis, source_digest: DIGEST, commit: 'a'.repeat(40) } },
  'jetway.step.generate.triggered.v1': {
    ...ref,
    step_id: 'generate',
    application: 'shop',
    source_digest: DIGEST,
    analysis,
    platforms: ['github_actions'],
    project_type: 'web_app',
    deployment_targets: [{ environment: 'staging', platform: 'kubernetes' }],
    quality_gates: { test_coverage_threshold: 80, security_scan_required: true, performance_benchmarks: false, fail_on_severity: 'high' },
    branching_strategy: 'github_flow',
    infrastructure: { cloud_provider: 'aws', ci_runners: { count: 2 }, artifact_storage: { retention_days: 30 }, container_registries: true, deployment_environments: ['staging'], owner: 'platform' },
  },
  'jetway.step.generate.started.v1': { ...ref, step_id: 'generate', worker: 'builder-1a2b3c4d' },
  'jetway.step.generate.finished.v1': {
    ...ref,
    step_id: 'generate',
    outcome: 'succeeded',
    duration_ms: 300,
    outputs: { digest: PREVIOUS_DIGEST, files: [{ path: '.github/workflows/ci.yml', platform: 'github_actions', sha256: 'ab'.repeat(32) }], commands },
  },
  'jetway.step.validate.triggered.v1': { ...ref, step_id: 'validate', application: 'shop', digest: PREVIOUS_DIGEST, platforms: ['github_actions'] },
  'jetway.step.validate.started.v1': { ...ref, step_id: 'validate', worker: 'scanner-1a2b3c4d' },
  'jetway.step.validate.finished.v1': {
    ...ref,
    step_id: 'validate',
    outcome: 'succeeded',
    duration_ms: 2_100,
    outputs: { digest: PREVIOUS_DIGEST, results: [{ file: '.github/workflows/ci.yml', platform: 'github_actions', validator: 'actionlint', ok: true, findings: [] }] },
  },
  'jetway.step.prove.triggered.v1': { ...ref, step_id: 'prove', application: 'shop', source_digest: DIGEST, bundle_digest: PREVIOUS_DIGEST, commands, coverage_threshold: 80 },
  'jetway.step.prove.started.v1': { ...ref, step_id: 'prove', worker: 'builder-1a2b3c4d' },
  'jetway.step.prove.finished.v1': {
    ...ref,
    step_id: 'prove',
    outcome: 'succeeded',
    duration_ms: 41_000,
    outputs: { ran: [{ component: '.', phase: 'test', command: 'npm test', exit_code: 0, duration_ms: 9_000 }], coverage: [{ component: '.', percent: 91.5 }] },
  },
  'jetway.step.publish.triggered.v1': {
    ...ref,
    step_id: 'publish',
    application: 'shop',
    project: { path: '/srv/repos/shop' },
    bundle_digest: PREVIOUS_DIGEST,
    base_commit: 'a'.repeat(40),
    branch: `jetway/ci-setup-${RUN_ID}`,
  },
  'jetway.step.publish.started.v1': { ...ref, step_id: 'publish', worker: 'builder-1a2b3c4d' },
  'jetway.step.publish.finished.v1': {
    ...ref,
    step_id: 'publish',
    outcome: 'succeeded',
    duration_ms: 200,
    outputs: { files: ['.github/workflows/ci.yml'], branch: `jetway/ci-setup-${RUN_ID}`, commit: 'b'.repeat(40) },
  },
  'jetway.step.rollback.triggered.v1': { ...ref, step_id: 'rollback', application: 'shop', environment: 'production', reason: 'error rate after the release' },
  'jetway.step.rollback.started.v1': { ...ref, step_id: 'rollback', worker: 'deployer-1a2b3c4d' },
  'jetway.step.rollback.finished.v1': { ...ref, step_id: 'rollback', outcome: 'succeeded', duration_ms: 900, outputs: { release: { ...release, digest: PREVIOUS_DIGEST }, from_digest: DIGEST, instant: true } },
  'jetway.rollout.progressed.v1': {
    ...ref,
    step_id: 'deploy-production',
    application: 'shop',
    environment: 'production',
    strategy: 'canary',
    sequence: 3,
    phase: 'analysis',
    weight: 25,
    stage: 1,
    analysis: {
      provider: 'router',
      verdict: 'fail',
      requests: 812,
      measurements: [{ metric: 'error_rate', value: 0.031, threshold: 0.005, passed: false }],
      message: 'error_rate 3.1 % > 0.5 %',
    },
    message: 'step 2 (25 %) failed its analysis: error_rate 3.1 % over 812 requests > 0.5 %; aborting: the stable release serves everything',
  },
  'jetway.operator.decided.v1': { run_id: RUN_ID, action: 'promote', approver: 'alice', comment: 'canary looks good' },
  'jetway.step.monitoring-generate.triggered.v1': {
    ...ref,
    step_id: 'generate',
    name: 'shop-monitoring',
    infrastructure_inventory: MINIMAL_MONITORING_REQUEST.infrastructure_inventory,
    monitoring_stack: 'prometheus_grafana',
    alerting_channels: MINIMAL_MONITORING_REQUEST.alerting_channels,
    routing: { teams: [] },
    sla_requirements: { availability: 99.9, response_time_p99: 1000, error_rate: 0.1 },
    timing: { scrape_interval_seconds: 15, evaluation_interval_seconds: 15, alert_for_seconds: 120 },
    delivery: 'jetway',
  },
  'jetway.step.monitoring-generate.started.v1': { ...ref, step_id: 'generate', worker: 'monitor-configurator-1a2b3c4d' },
  'jetway.step.monitoring-generate.finished.v1': { ...ref, step_id: 'generate', outcome: 'succeeded', duration_ms: 40, outputs: { digest: DIGEST, files: ['prometheus/prometheus.yml'], counts: monitoringCounts, generate_only: false } },
  'jetway.step.monitoring-validate.triggered.v1': { ...ref, step_id: 'validate', name: 'shop-monitoring', digest: DIGEST, monitoring_stack: 'prometheus_grafana' },
  'jetway.step.monitoring-validate.started.v1': { ...ref, step_id: 'validate', worker: 'monitor-configurator-1a2b3c4d' },
  'jetway.step.monitoring-validate.finished.v1': {
    ...ref,
    step_id: 'validate',
    outcome: 'succeeded',
    duration_ms: 900,
    outputs: { checks: [{ check: 'promtool check rules', file: 'prometheus/rules/shop.yml', passed: true }], rule_tests_passed: 14, routing_cases_passed: 2 },
  },
  'jetway.step.monitoring-apply.triggered.v1': { ...ref, step_id: 'apply', name: 'shop-monitoring', digest: DIGEST },
  'jetway.step.monitoring-apply.started.v1': { ...ref, step_id: 'apply', worker: 'monitor-configurator-1a2b3c4d' },
  'jetway.step.monitoring-apply.finished.v1': { ...ref, step_id: 'apply', outcome: 'succeeded', duration_ms: 300, outputs: { files: ['prometheus/prometheus.yml'], reloaded: ['prometheus', 'alertmanager'], urls: { prometheus: 'http://127.0.0.1:9090/' } } },
  'jetway.step.monitoring-verify.triggered.v1': { ...ref, step_id: 'verify', name: 'shop-monitoring', digest: DIGEST },
  'jetway.step.monitoring-verify.started.v1': { ...ref, step_id: 'verify', worker: 'monitor-configurator-1a2b3c4d' },
  'jetway.step.monitoring-verify.finished.v1': { ...ref, step_id: 'verify', outcome: 'succeeded', duration_ms: 2000, outputs: { targets_up: 2, targets_total: 2, rule_groups_loaded: 3, rules_loaded: 19, alertmanager_config_hash: 'sha256:0f3c' } },
  'jetway.incident.detected.v1': incident,
  'jetway.incident.resolved.v1': { ...incident, ends_at: '2026-11-30T12:05:00Z' },
  'jetway.rollout.commanded.v1': { ...ref, step_id: 'deploy-production', command: 'promote', by: 'alice' },
  ...INFRASTRUCTURE_SAMPLES,
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
