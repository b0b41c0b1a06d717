import { z } from 'zod';
import { AppName, Environment } from '../common';
import { SloSpec } from '../pipeline/inputs';
import { ReleaseInfo } from './deploy.v1';
import { StepRef, stepFinished } from './lifecycle';
import { MonitoringCounts } from './monitoring-setup.v1';

/**
 * Monitor a release: a one-item monitoring setup `<application>-<environment>` (scrape job, SLO
 * rules with a test for every alert, Alertmanager routes, dashboards, runbooks), built by the
 * monitoring setup pipeline's generators, checked by the formats' own tools, then applied.
 */
export const MonitorTriggered = StepRef.extend({
  application: AppName,
  environment: Environment,
  release: ReleaseInfo,
  slo: SloSpec,
});
export type MonitorTriggered = z.infer<typeof MonitorTriggered>;

export const MonitorFinished = stepFinished(
  z.object({
    /** Paths written: the setup's bundle files (and, when applied, the stack's merged configs). */
    files: z.array(z.string()),
    /** The monitoring setup the release is monitored as: `<application>-<environment>`. */
    setup: AppName.optional(),
    /** Whether the bundle was applied to a running stack (and verified); false when no stack is configured. */
    applied: z.boolean().optional(),
    /** Why it was not applied, or what to do next, in words. */
    note: z.string().max(2000).optional(),
    /** What the bundle holds. */
    counts: MonitoringCounts.optional(),
    /** When applied: the setup's targets up once verified, of how many. */
    targets_up: z.number().int().min(0).optional(),
    targets_total: z.number().int().min(0).optional(),
    /** When applied: the setup's rules Prometheus loaded (recording and alerting). */
    rules_loaded: z.number().int().min(0).optional(),
  }),
);
export type MonitorFinished = z.infer<typeof MonitorFinished>;
