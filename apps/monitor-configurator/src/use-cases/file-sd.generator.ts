import type { MonitoringInput } from './monitoring.types';

/** Prometheus file_sd target group list for one release; the labels let rules select it. */
export function fileSdTargets(input: MonitoringInput): string {
  const groups = [{ targets: [...input.targets], labels: { app: input.application, env: input.environment } }];
  return `${JSON.stringify(groups, null, 2)}\n`;
}
