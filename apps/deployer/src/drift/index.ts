// Drift detection: a stack's last applied configuration planned again against what runs (the
// Terraform plan, the JetStream diff, the Ansible check), one incident per stack and episode.
export { decideDrift, driftEventId, DriftState, type DriftCheck, type DriftCheckResult, type DriftDecision, type DriftFacts, type DriftPublication, type DriftSubject } from './drift-episode';
export type { AppliedStack, DriftEvents, DriftProbe, DriftStates, PartPlan, StackRecords } from './drift.ports';
export { checkStack } from './check-stack';
export { runDriftCheck, type DriftCheckDeps } from './run-drift-check.use-case';
export { answerDriftQuery, type DriftQueryDeps } from './drift-query.use-case';
export { DriftSchedule, type DriftScheduleOptions } from './drift-schedule';
export { MessagingDriftProbe, plannedChangeOf } from './messaging-drift.probe';
export { KvDriftStates, JetStreamDriftEvents, driftKey } from './nats-drift.driver';
export { DRIFT, driftProviders, recordsOf, wireDrift, type DriftWiring, type DriftWiringOptions, type StackStoreReader } from './drift-wiring';
export { TerraformDriftProbe, AnsibleDriftProbe, terraformChanges, ansibleDrift, type BundleProbeDeps } from './bundle-drift.probes';
