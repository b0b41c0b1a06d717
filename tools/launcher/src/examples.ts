import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCiFixture } from '@jetway/testing';
import { runMonitoringExample, type MonitoringDemo } from './monitoring-example';
import { runPipeline } from './run-pipeline';
import { describeTraffic, startSteadyTraffic } from './steady-traffic';

const say = (text: string) => process.stdout.write(`${text}\n`);

/** The example requests `--example` names (deploy is the default). */
export const EXAMPLES = {
  deploy: 'examples/pipelines/hello-deploy.yaml',
  canary: 'examples/pipelines/hello-canary.yaml',
  'ci-setup': 'examples/pipelines/ci-setup-example.yaml',
  /** A template (the launcher fills in the release's targets, Jetway's ports, the secret files). */
  monitoring: 'examples/pipelines/hello-monitoring.yaml',
  /** Messaging infrastructure (streams, a consumer, a KV bucket) planned and applied on the mesh's own nats-server. */
  infrastructure: 'examples/pipelines/hello-infrastructure.yaml',
} as const;
export type ExampleName = keyof typeof EXAMPLES;

export interface ExampleContext {
  readonly natsUrl: string;
  /** The repository root (example paths are relative to it). */
  readonly root: string;
  readonly stateDir: string;
  /** The local stack and channels the monitoring example needs (the launcher starts them first). */
  readonly monitoring?: MonitoringDemo;
}

/** The clients of the canary example: 4 × 20 requests/s, enough for every analysis (min 10 requests per 2 s at 20 %). */
const CANARY_TRAFFIC = { clients: 4, perSecond: 20 };

/** Runs an example; resolves the exit code (0: the run succeeded, and for canary no request failed). */
export async function runExample(name: ExampleName, ctx: ExampleContext): Promise<number> {
  if (name === 'canary') return runCanaryExample(ctx);
  if (name === 'monitoring') {
    if (!ctx.monitoring) throw new Error('the monitoring example needs the local monitoring stack and channels: start them first');
    return runMonitoringExample(ctx, ctx.monitoring);
  }
  const projectPath = name === 'ci-setup' ? ciProject(ctx.stateDir) : undefined;
  return (await runPipeline(ctx.natsUrl, ctx.root, join(ctx.root, EXAMPLES[name]), projectPath ? { projectPath } : {})).code;
}

/**
 * The canary example: the first release (hello-deploy.yaml), then steady requests to its staging
 * URL while a second release (hello-canary.yaml: APP_VERSION v2) rolls out by canary, its
 * weights and analyses printed as the deployer publishes them; at the end, what the requests
 * got. Run again, it goes back to the first release and rolls the second out anew.
 */
async function runCanaryExample(ctx: ExampleContext): Promise<number> {
  say('example     canary: first the release it replaces, then the canary under steady requests\n');
  const first = await runPipeline(ctx.natsUrl, ctx.root, join(ctx.root, EXAMPLES.deploy));
  const url = first.run?.urls['staging'];
  if (first.code !== 0 || !url) {
    say(`\ncanary      not started: the first release ${first.run ? `ended ${first.run.status}` : 'did not run'}${url ? '' : ' and serves no staging URL'}`);
    return 1;
  }
  const traffic = startSteadyTraffic(url, CANARY_TRAFFIC);
  say(`\ntraffic     ${CANARY_TRAFFIC.clients} clients × ${CANARY_TRAFFIC.perSecond} requests/s to ${url} while the canary runs\n`);
  const canary = await runPipeline(ctx.natsUrl, ctx.root, join(ctx.root, EXAMPLES.canary)).catch(async (error: unknown) => {
    await traffic.stop();
    throw error;
  });
  const report = await traffic.stop();
  say(`traffic     during the canary: ${describeTraffic(report)}`);
  if (report.failed === 0) return canary.code;
  say(`            requests failed while the release rolled out: see ${join(ctx.stateDir, 'logs', 'deployer.log')} and ${join(ctx.stateDir, 'deployer', 'router', 'router.log')}`);
  return 1;
}

/** The project an example runs on: for ci-setup, a small Node app made a git repository once, in the state dir. */
function ciProject(stateDir: string): string {
  const path = join(stateDir, 'examples', 'node-app');
  if (!existsSync(join(path, '.git'))) createCiFixture('node-app', { git: true, dir: path });
  return path;
}
