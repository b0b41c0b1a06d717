import { z } from 'zod';
import { AppName, Digest } from '../common';
import { AlertDelivery, AlertingChannel, InfrastructureInventory, MonitoringStack, MonitoringTiming, SlaRequirements, TeamRoute } from '../pipeline/monitoring-setup-request.v1';
import { StepRef, stepFinished } from './lifecycle';

// The monitoring setup pipeline's own steps: generate → validate → [approval] → apply → verify.

/** What the generated bundle holds, counted (the run's outputs and the closing lines of status). */
export const MonitoringCounts = z.object({
  scrape_jobs: z.number().int().min(0),
  probes: z.number().int().min(0),
  recording_rules: z.number().int().min(0),
  alerts: z.number().int().min(0),
  rule_tests: z.number().int().min(0),
  routing_cases: z.number().int().min(0),
  dashboards: z.number().int().min(0),
  runbooks: z.number().int().min(0),
});
export type MonitoringCounts = z.infer<typeof MonitoringCounts>;


/** Generate the monitoring bundle of a setup from its request. */
export const MonitoringGenerateTriggered = StepRef.extend({
  name: AppName,
  infrastructure_inventory: InfrastructureInventory,
  monitoring_stack: MonitoringStack,
  alerting_channels: z.array(AlertingChannel),
  routing: z.object({ teams: z.array(TeamRoute), default_channels: z.array(AppName).optional() }),
  sla_requirements: SlaRequirements,
  timing: MonitoringTiming,
  delivery: AlertDelivery,
});
export type MonitoringGenerateTriggered = z.infer<typeof MonitoringGenerateTriggered>;
export const MonitoringGenerateFinished = stepFinished(
  z.object({
    /** The bundle in the Object Store, content-addressed. */
    digest: Digest,
    files: z.array(z.string()),
    counts: MonitoringCounts,
    /** True for a stack Jetway only writes files for (elk, datadog, new_relic): nothing is applied. */
    generate_only: z.boolean(),
  }),
);

/** One check of the validate step: which tool ran on which file, and what it said. */
export const MonitoringCheck = z.object({
  check: z.string().min(1),
  file: z.string().optional(),
  passed: z.boolean(),
  detail: z.string().max(2000).optional(),
});
export type MonitoringCheck = z.infer<typeof MonitoringCheck>;

export const MonitoringValidateTriggered = StepRef.extend({ name: AppName, digest: Digest, monitoring_stack: MonitoringStack });
export type MonitoringValidateTriggered = z.infer<typeof MonitoringValidateTriggered>;
export const MonitoringValidateFinished = stepFinished(z.object({ checks: z.array(MonitoringCheck), rule_tests_passed: z.number().int().min(0), routing_cases_passed: z.number().int().min(0) }));

export const MonitoringApplyTriggered = StepRef.extend({ name: AppName, digest: Digest });
export type MonitoringApplyTriggered = z.infer<typeof MonitoringApplyTriggered>;
export const MonitoringApplyFinished = stepFinished(
  z.object({
    files: z.array(z.string()),
    reloaded: z.array(z.enum(['prometheus', 'alertmanager', 'blackbox'])),
    /** The bundle this one replaced, if any (what a failed reload restored). */
    previous_digest: Digest.optional(),
    urls: z.record(z.string(), z.url()),
  }),
);

export const MonitoringVerifyTriggered = StepRef.extend({ name: AppName, digest: Digest });
export type MonitoringVerifyTriggered = z.infer<typeof MonitoringVerifyTriggered>;
export const MonitoringVerifyFinished = stepFinished(
  z.object({
    targets_up: z.number().int().min(0),
    targets_total: z.number().int().min(0),
    rule_groups_loaded: z.number().int().min(0),
    rules_loaded: z.number().int().min(0),
    alertmanager_config_hash: z.string().min(1),
  }),
);
