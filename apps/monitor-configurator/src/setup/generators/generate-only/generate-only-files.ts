import type { MonitoringStack } from '@jetway/contracts';
import type { BundleFile, Check, SetupInput } from '../../bundle.types';
import { checkDatadog } from './check-datadog';
import { checkElk } from './check-elk';
import { checkNewRelic } from './check-new-relic';
import { datadogFiles } from './datadog';
import { elkFiles } from './elk';
import { newRelicFiles } from './new-relic';

/** The stacks Jetway only writes files for: nothing of theirs is applied. */
export type GenerateOnlyStack = Exclude<MonitoringStack, 'prometheus_grafana'>;

export function isGenerateOnly(stack: MonitoringStack): stack is GenerateOnlyStack {
  return stack !== 'prometheus_grafana';
}

/** The files of the request's generate-only stack (none for `prometheus_grafana`, which the other generators cover). */
export function generateOnlyFiles(input: SetupInput): BundleFile[] {
  switch (input.monitoring_stack) {
    case 'datadog':
      return datadogFiles(input);
    case 'new_relic':
      return newRelicFiles(input);
    case 'elk':
      return elkFiles(input);
    case 'prometheus_grafana':
      return [];
  }
}

/**
 * Checks a written bundle's files of `stack` against that stack's own format, by the best means
 * available offline; each Check's detail says what was and was not validated.
 */
export async function checkGenerateOnly(dir: string, stack: GenerateOnlyStack): Promise<Check[]> {
  switch (stack) {
    case 'datadog':
      return checkDatadog(dir);
    case 'new_relic':
      return checkNewRelic(dir);
    case 'elk':
      return checkElk(dir);
  }
}
