import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError, type ArtifactObjects, type EventPublisher } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';
import type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
import { incidentPublisherOver, startAlertIngress, type AlertIngress } from './drivers/alert-ingress';
import { ObjectBundleStore } from './drivers/nats/object-bundle-store.driver';
import { MonitoringStackDriver } from './drivers/stack';
import type { SetupUrls } from './setup/bundle.types';
import { bundleGenerators } from './setup/generators';
import type { SetupDeps } from './setup/setup.deps';
import type { MonitoringStackPort } from './setup/setup.ports';

/** No stack configured: apply and verify fail saying what to set, never a silent success. */
const NO_STACK: MonitoringStackPort = {
  apply: () => Promise.reject(new PermanentError(NO_STACK_REASON)),
  verify: () => Promise.reject(new PermanentError(NO_STACK_REASON)),
  urls: () => ({}),
};
const NO_STACK_REASON =
  'no monitoring stack is configured: set JETWAY_PROMETHEUS_URL, JETWAY_ALERTMANAGER_URL and JETWAY_BLACKBOX_URL ' +
  '(npm start runs a stack when the Debian packages prometheus, prometheus-alertmanager and prometheus-blackbox-exporter are installed)';

function hostPort(url: string): string {
  return new URL(url).host;
}

function stackOf(config: MonitorConfiguratorConfig): MonitoringStackPort {
  const { JETWAY_PROMETHEUS_URL: prometheus, JETWAY_ALERTMANAGER_URL: alertmanager, JETWAY_BLACKBOX_URL: blackbox } = config;
  if (!prometheus || !alertmanager || !blackbox) return NO_STACK;
  const trim = (url: string) => url.replace(/\/+$/, '');
  const targets = config.JETWAY_STACK_JETWAY_TARGETS;
  return new MonitoringStackDriver({
    stackDir: config.JETWAY_STACK_DIR,
    urls: { prometheus: trim(prometheus), alertmanager: trim(alertmanager), blackbox: trim(blackbox) },
    base: {
      alertmanager: hostPort(alertmanager),
      ...(targets.length > 0 && { jetwayTargets: targets }),
      ...(config.JETWAY_STACK_RULE_FILES.length > 0 && { ruleFiles: config.JETWAY_STACK_RULE_FILES }),
    },
  });
}

/**
 * Starts the alert ingress (Alertmanager's webhook into the mesh, and the runbook pages) and
 * builds what the setup steps need: generators, the bundle store, the stack, and the URLs each
 * setup's files point at — the ingress' own, once it listens.
 */
export async function wireSetup(
  config: MonitorConfiguratorConfig,
  context: { objects: ArtifactObjects; publisher: EventPublisher; logger: JsonLogger },
): Promise<{ deps: SetupDeps; ingress: AlertIngress }> {
  const ingress = await startAlertIngress({
    host: config.JETWAY_ALERT_INGRESS_HOST,
    port: config.JETWAY_ALERT_INGRESS_PORT,
    stackDir: config.JETWAY_STACK_DIR,
    publisher: incidentPublisherOver(context.publisher),
    onRefused: (status, reason) => context.logger.warn(`alert ingress answered ${status}: ${reason}`),
  });
  const stack = stackOf(config);
  const stackUrls = stack.urls();
  const urls = (setup: string): SetupUrls => ({
    runbooks: `${(config.JETWAY_RUNBOOKS_URL ?? `${ingress.url}/runbooks`).replace(/\/+$/, '')}/${setup}/`,
    grafana: config.JETWAY_GRAFANA_URL.replace(/\/+$/, ''),
    alertIngress: `${ingress.url}/alerts/${setup}`,
    blackbox: stackUrls['blackbox'] ? hostPort(stackUrls['blackbox']) : '127.0.0.1:9115',
    alertmanager: stackUrls['alertmanager'] ? hostPort(stackUrls['alertmanager']) : '127.0.0.1:9093',
  });
  const deps: SetupDeps = {
    generators: bundleGenerators,
    store: new ObjectBundleStore(context.objects),
    stack,
    urls,
    workRoot: join(tmpdir(), 'jetway-monitoring-validate'),
    deadlineMs: config.JETWAY_SETUP_VERIFY_SECONDS * 1000,
  };
  return { deps, ingress };
}
