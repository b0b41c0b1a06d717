import { z } from 'zod';
import { AppName, Environment } from '../common';
import { SloSpec } from '../pipeline/inputs';
import { ReleaseInfo } from './deploy.v1';
import { StepRef, stepFinished } from './lifecycle';

/** Configure monitoring for a release: scrape targets, SLO recording and alert rules. */
export const MonitorTriggered = StepRef.extend({
  application: AppName,
  environment: Environment,
  release: ReleaseInfo,
  slo: SloSpec,
});
export type MonitorTriggered = z.infer<typeof MonitorTriggered>;

export const MonitorFinished = stepFinished(z.object({ files: z.array(z.string()) }));
export type MonitorFinished = z.infer<typeof MonitorFinished>;
