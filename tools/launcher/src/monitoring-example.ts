import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { ReleaseInfo, type RunStatusView } from '@jetway/contracts';
import { describeDeliveries, type LocalChannels } from './local-channels';
import { monitoringSummary } from './monitoring-summary';
import { fillPlaceholders, type PlaceholderValues } from './request-template';
import { runPipeline } from './run-pipeline';
import { GRAFANA_URL, type LocalStack } from './stack';

const say = (text: string) => process.stdout.write(`${text}\n`);

const DEPLOY_REQUEST = 'examples/pipelines/hello-deploy.yaml';
const MONITORING_TEMPLATE = 'examples/pipelines/hello-monitoring.yaml';

/** What the monitoring example runs against: the launcher starts them before the services. */
export interface MonitoringDemo {
  readonly stack: LocalStack;
  readonly channels: LocalChannels;
  /** `host:port` of Jetway's own services' ops ports. */
  readonly jetwayTargets: readonly string[];
}

interface Context {
  readonly natsUrl: string;
  readonly root: string;
  readonly stateDir: string;
}

/** The staging release a deployment run reported (its deploy step's output), if it got that far. */
export function stagingRelease(run: RunStatusView | undefined): ReleaseInfo | undefined {
  const outputs = run?.steps.find((step) => step.step_id === 'deploy-staging')?.outputs;
  const parsed = ReleaseInfo.safeParse(outputs?.['release']);
  return parsed.success ? parsed.data : undefined;
}

/** Fills the template in and writes the request it publishes to `<state dir>/examples/`, for a human to read. */
function writeRequest(root: string, stateDir: string, values: PlaceholderValues): string {
  const template: unknown = parseYaml(readFileSync(join(root, MONITORING_TEMPLATE), 'utf8'));
  const dir = join(stateDir, 'examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'hello-monitoring.yaml');
  const note = `# Filled in from ${MONITORING_TEMPLATE} by npm start -- --example monitoring.\n`;
  writeFileSync(file, note + stringify(fillPlaceholders(template, values)));
  return file;
}

/**
 * The monitoring example: hello-service deployed as in the deploy example, then a monitoring
 * setup for it (its staging instances scraped, its staging URL probed) and for Jetway itself (the
 * services' ops ports), alerts routed to the local Slack and PagerDuty stand-ins. Follows the run
 * to its end and prints what it set up and where to look. Resolves the run's exit code.
 */
export async function runMonitoringExample(ctx: Context, demo: MonitoringDemo): Promise<number> {
  say('example     monitoring: hello-service deployed first, then a monitoring setup for it and for Jetway itself\n');
  const deploy = await runPipeline(ctx.natsUrl, ctx.root, join(ctx.root, DEPLOY_REQUEST));
  const release = stagingRelease(deploy.run);
  if (deploy.code !== 0 || !release) {
    say(`\nmonitoring  not set up: the deployment ${deploy.run ? `ended ${deploy.run.status}` : 'did not run'}${release ? '' : ' and reported no staging release'}`);
    return 1;
  }
  const file = writeRequest(ctx.root, ctx.stateDir, {
    HELLO_TARGETS: release.targets,
    HELLO_URL: release.url,
    JETWAY_TARGETS: demo.jetwayTargets,
    SLACK_API_URL_FILE: demo.channels.slackUrlFile,
    PAGERDUTY_ROUTING_KEY_FILE: demo.channels.routingKeyFile,
  });
  say('');
  const setup = await runPipeline(ctx.natsUrl, ctx.root, file, { answerUrls: false });
  if (setup.run) {
    const { urls, stackDir, ingressUrl } = demo.stack;
    say('');
    for (const line of monitoringSummary(setup.run, { prometheus: urls.prometheus, alertmanager: urls.alertmanager, ingress: ingressUrl, stackDir, grafana: GRAFANA_URL })) say(line);
    say(`channels    ${describeDeliveries(demo.channels)} so far (local stand-ins)`);
  }
  return setup.code;
}
