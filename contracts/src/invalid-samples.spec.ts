import type { EventSubject } from './registry';
import { events } from './registry';
import { SAMPLES } from './samples';
import { describeIssues, parseWith } from './validation';

type Json = Record<string, unknown>;
const REMOVE = Symbol('remove');

/** A deep copy of the subject's valid sample with one field (dotted path) replaced or removed. */
function sampleWith(subject: EventSubject, path: string, value: unknown): Json {
  const copy = structuredClone(SAMPLES[subject]) as Json;
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node: Json = copy;
  for (const key of keys) node = node[key] as Json;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

/** [subject, field to break, bad value, path the error must name] */
const INVALID: readonly [EventSubject, string, unknown, string][] = [
  ['jetway.pipeline.requested.v1', 'target_environments', [], 'target_environments'],
  ['jetway.pipeline.requested.v1', 'target_environments', ['staging', 'staging'], 'target_environments'],
  ['jetway.pipeline.requested.v1', 'target_environments', ['qa'], 'target_environments.0'],
  ['jetway.pipeline.requested.v1', 'artifact_source.location', '', 'artifact_source.location'],
  ['jetway.pipeline.requested.v1', 'artifact_source.type', 'ftp', 'artifact_source.type'],
  ['jetway.pipeline.requested.v1', 'platform_config.run.command', '', 'platform_config.run.command'],
  ['jetway.pipeline.requested.v1', 'platform_config.run', REMOVE, 'platform_config.run'],
  ['jetway.pipeline.requested.v1', 'build.command', REMOVE, 'build.command'],
  ['jetway.pipeline.requested.v1', 'application_name', 'Shop_App', 'application_name'],
  ['jetway.pipeline.requested.v1', 'idempotency_key', 'short', 'idempotency_key'],
  ['jetway.pipeline.requested.v1', 'deployment_strategy', 'big_bang', 'deployment_strategy'],
  ['jetway.pipeline.planned.v1', 'steps', [], 'steps'],
  ['jetway.pipeline.finished.v1', 'outcome', 'exploded', 'outcome'],
  ['jetway.timer.step-deadline.v1', 'due_at', 'tomorrow', 'due_at'],
  ['jetway.step.build.triggered.v1', 'build.command', '', 'build.command'],
  ['jetway.step.build.triggered.v1', 'run_id', 'run-1', 'run_id'],
  ['jetway.step.build.started.v1', 'worker', '', 'worker'],
  ['jetway.step.build.finished.v1', 'outputs.digest', 'sha256:XYZ', 'outputs.digest'],
  ['jetway.step.scan.triggered.v1', 'digest', 'md5:abc', 'digest'],
  ['jetway.step.scan.started.v1', 'attempt', 0, 'attempt'],
  ['jetway.step.scan.finished.v1', 'outputs.verdict', 'maybe', 'outputs.verdict'],
  ['jetway.step.deploy.triggered.v1', 'digest', REMOVE, 'digest'],
  ['jetway.step.deploy.triggered.v1', 'platform_config.run.command', '', 'platform_config.run.command'],
  ['jetway.step.deploy.started.v1', 'step_id', 'Deploy Staging', 'step_id'],
  ['jetway.step.deploy.finished.v1', 'outputs.release.url', 'not a url', 'outputs.release.url'],
  ['jetway.step.verify.triggered.v1', 'health_path', 'health', 'health_path'],
  ['jetway.step.verify.started.v1', 'run_id', REMOVE, 'run_id'],
  ['jetway.step.verify.finished.v1', 'outputs.checks_passed', -1, 'outputs.checks_passed'],
  ['jetway.step.monitor.triggered.v1', 'release.digest', 'sha256:short', 'release.digest'],
  ['jetway.step.monitor.started.v1', 'attempt', 101, 'attempt'],
  ['jetway.step.monitor.finished.v1', 'duration_ms', -5, 'duration_ms'],
  ['jetway.step.analyze.triggered.v1', 'project.path', '', 'project.path'],
  ['jetway.step.analyze.started.v1', 'worker', '', 'worker'],
  ['jetway.step.analyze.finished.v1', 'outputs.source_digest', 'sha256:1', 'outputs.source_digest'],
  ['jetway.step.generate.triggered.v1', 'platforms', ['travis'], 'platforms.0'],
  ['jetway.step.generate.triggered.v1', 'infrastructure.cloud_provider', 'oracle', 'infrastructure.cloud_provider'],
  ['jetway.step.generate.triggered.v1', 'infrastructure.deployment_environments', [], 'infrastructure.deployment_environments'],
  ['jetway.step.generate.started.v1', 'attempt', 0, 'attempt'],
  ['jetway.step.generate.finished.v1', 'outputs.files', [], 'outputs.files'],
  ['jetway.step.validate.triggered.v1', 'platforms', [], 'platforms'],
  ['jetway.step.validate.started.v1', 'run_id', REMOVE, 'run_id'],
  ['jetway.step.validate.finished.v1', 'outputs.results', [], 'outputs.results'],
  ['jetway.step.prove.triggered.v1', 'coverage_threshold', 101, 'coverage_threshold'],
  ['jetway.step.prove.started.v1', 'step_id', 'Prove It', 'step_id'],
  ['jetway.step.prove.finished.v1', 'outputs.ran', 'npm test', 'outputs.ran'],
  ['jetway.step.publish.triggered.v1', 'branch', 'main', 'branch'],
  ['jetway.step.publish.started.v1', 'worker', '', 'worker'],
  ['jetway.step.publish.finished.v1', 'outputs.files', [], 'outputs.files'],
  ['jetway.step.rollback.triggered.v1', 'environment', 'prod', 'environment'],
  ['jetway.step.rollback.started.v1', 'worker', '', 'worker'],
  ['jetway.step.rollback.finished.v1', 'outputs.from_digest', 'abc', 'outputs.from_digest'],
  ['jetway.step.monitoring-generate.triggered.v1', 'delivery', 'email', 'delivery'],
  ['jetway.step.monitoring-generate.started.v1', 'worker', '', 'worker'],
  ['jetway.step.monitoring-generate.finished.v1', 'outputs.digest', 'abc', 'outputs.digest'],
  ['jetway.step.monitoring-validate.triggered.v1', 'monitoring_stack', 'custom', 'monitoring_stack'],
  ['jetway.step.monitoring-validate.started.v1', 'run_id', REMOVE, 'run_id'],
  ['jetway.step.monitoring-validate.finished.v1', 'outputs.rule_tests_passed', -1, 'outputs.rule_tests_passed'],
  ['jetway.step.monitoring-apply.triggered.v1', 'digest', 'latest', 'digest'],
  ['jetway.step.monitoring-apply.started.v1', 'worker', '', 'worker'],
  ['jetway.step.monitoring-apply.finished.v1', 'outputs.reloaded', ['grafana'], 'outputs.reloaded.0'],
  ['jetway.step.monitoring-verify.triggered.v1', 'name', 'Shop Monitoring', 'name'],
  ['jetway.step.monitoring-verify.started.v1', 'worker', '', 'worker'],
  ['jetway.step.monitoring-verify.finished.v1', 'outputs.targets_up', 1.5, 'outputs.targets_up'],
  ['jetway.step.infra-generate.triggered.v1', 'environments', [], 'environments'],
  ['jetway.step.infra-generate.started.v1', 'worker', '', 'worker'],
  ['jetway.step.infra-generate.finished.v1', 'outputs.tool', 'ansible', 'outputs.tool'],
  ['jetway.step.infra-scan.triggered.v1', 'digest', 'sha256:xyz', 'digest'],
  ['jetway.step.infra-scan.started.v1', 'worker', '', 'worker'],
  ['jetway.step.infra-scan.finished.v1', 'outputs.rules_run', -1, 'outputs.rules_run'],
  ['jetway.step.infra-plan.triggered.v1', 'environment', 'qa', 'environment'],
  ['jetway.step.infra-plan.started.v1', 'worker', '', 'worker'],
  ['jetway.step.infra-plan.finished.v1', 'outputs.plan.hash', 'abc', 'outputs.plan.hash'],
  ['jetway.step.infra-apply.triggered.v1', 'plan_hash', 'sha256:abc', 'plan_hash'],
  ['jetway.step.infra-apply.started.v1', 'worker', '', 'worker'],
  ['jetway.step.infra-apply.finished.v1', 'outputs.changelog_sequence', 0, 'outputs.changelog_sequence'],
  ['jetway.step.infra-configure.triggered.v1', 'stack', 'Shop Stack', 'stack'],
  ['jetway.step.infra-configure.started.v1', 'worker', '', 'worker'],
  ['jetway.step.infra-configure.finished.v1', 'outputs.changed_second', -1, 'outputs.changed_second'],
  ['jetway.step.infra-verify.triggered.v1', 'spec', { stack: 'shop' }, 'spec.environment_type'],
  ['jetway.step.infra-verify.started.v1', 'worker', '', 'worker'],
  ['jetway.step.infra-verify.finished.v1', 'outputs.checks', [{ name: 'x' }], 'outputs.checks.0.passed'],
  ['jetway.infra.drift.detected.v1', 'episode', 0, 'episode'],
  ['jetway.infra.drift.resolved.v1', 'environment', 'qa', 'environment'],
  ['jetway.incident.detected.v1', 'fingerprint', 'not-hex', 'fingerprint'],
  ['jetway.incident.resolved.v1', 'starts_at', 'yesterday', 'starts_at'],
  ['jetway.rollout.progressed.v1', 'weight', 101, 'weight'],
  ['jetway.operator.decided.v1', 'action', 'merge', 'action'],
  ['jetway.rollout.commanded.v1', 'command', 'merge', 'command'],
  ['jetway.approval.requested.v1', 'environment', 'prod', 'environment'],
  ['jetway.approval.decided.v1', 'approver', '', 'approver'],
  ['jetway.approval.decided.v1', 'decision', 'maybe', 'decision'],
];

describe('invalid events are rejected naming the field', () => {
  it.each(INVALID)('%s: bad %s', (subject, field, value, path) => {
    const result = parseWith(events[subject].schema, sampleWith(subject, field, value));
    if (result.ok) throw new Error(`${subject} accepted a bad ${field}`);
    expect(result.error).toContain(`${path}:`);
  });

  it('covers every subject with at least one invalid sample', () => {
    const covered = new Set(INVALID.map(([subject]) => subject));
    expect(Object.keys(events).filter((subject) => !covered.has(subject as EventSubject))).toEqual([]);
  });

  it('explains with the fix, not only the rule', () => {
    const result = parseWith(events['jetway.pipeline.requested.v1'].schema, sampleWith('jetway.pipeline.requested.v1', 'build.command', ''));
    expect(result).toEqual({ ok: false, error: 'build.command: give the shell command that builds the application' });
  });

  it('lists every broken field, separated by semicolons', () => {
    const broken = { ...SAMPLES['jetway.step.scan.triggered.v1'], digest: 'nope', fail_on_severity: 'catastrophic' };
    const parsed = events['jetway.step.scan.triggered.v1'].schema.safeParse(broken);
    if (parsed.success) throw new Error('accepted a broken scan trigger');
    const message = describeIssues(parsed.error);
    expect(message.split('; ').map((line) => line.split(':')[0]).sort()).toEqual(['digest', 'fail_on_severity']);
  });
});
