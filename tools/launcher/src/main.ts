import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalNats, type LocalNats } from './local-nats';
import { portOr } from './ports';
import { compiledServices } from './compile';
import { enrolExampleApprovers, exampleApprovers } from './enrol-approvers';
import { EXAMPLES, runExample, type ExampleName } from './examples';
import { Interrupt, InterruptedError } from './interrupt';
import { killNow, stopDeployedApps, stopLeftovers } from './leftovers';
import { describeChannels, startLocalChannels, type LocalChannels } from './local-channels';
import { acquireMeshLock, LOCK_FILE, refusal, type MeshLock } from './mesh-lock';
import { portsOr } from './ports';
import { runPipeline } from './run-pipeline';
import { OPS_PORT, SERVICES, spawnService, stopService, waitReady, type RunningService } from './services';
import { describeStack, installCommand, missingLine, stackEnv, stackMissing, STACK_PORTS, startLocalStack, type LocalStack } from './stack';

const ROOT = resolve(__dirname, '../../..');
const USAGE = `Usage: npm start [-- --once] [-- --example deploy|canary|ci-setup|monitoring|infrastructure | --file <pipeline.yaml>]

Starts a local nats-server (JetStream, data in .jetway/), the six Jetway services and, when the
Debian packages prometheus, prometheus-alertmanager and prometheus-blackbox-exporter are installed,
a monitoring stack (Prometheus, Alertmanager, blackbox exporter; configs in .jetway/stack) scraping
them; publishes examples/pipelines/hello-deploy.yaml and follows the run. --example canary: then a second release
of it to staging by canary (examples/pipelines/hello-canary.yaml) under steady requests, printing
the weights and analyses as they happen and what the requests got; --example ci-setup: the CI/CD
setup pipeline on a small Node project it creates as a git repository in .jetway/examples/node-app;
--example monitoring: after the deploy example, a monitoring setup for hello-service and Jetway
itself (examples/pipelines/hello-monitoring.yaml) on the stack, alerting a local Slack and PagerDuty
stand-in, then the targets up, rules loaded and the URLs to look at; --example infrastructure:
messaging infrastructure (examples/pipelines/hello-infrastructure.yaml: JetStream streams, a consumer
and a KV bucket) generated, scanned, planned against this nats-server, reviewed, applied and verified
with a probe message. Keeps the mesh up until Ctrl-C;
--once exits with the run's outcome (0 succeeded, 1 otherwise).
JETWAY_NATS_URL=nats://host:4222 uses an existing server instead of starting one;
JETWAY_STATE_DIR moves .jetway (NATS data, logs, releases, the monitoring stack) elsewhere.
One mesh per state directory: while one runs (.jetway/mesh.lock), another npm start refuses.`;
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { once: { type: 'boolean' }, file: { type: 'string' }, example: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (console.log(USAGE), 0);
  if (values.example !== undefined && !(values.example in EXAMPLES)) throw new Error(`--example ${values.example}: use one of ${Object.keys(EXAMPLES).join(', ')}`);
  if (values.example !== undefined && values.file !== undefined) throw new Error('--example and --file both name the request: give one');
  const missing = values.example === 'monitoring' ? stackMissing() : [];
  if (missing.length > 0) throw new Error(`--example monitoring needs the monitoring stack: ${missing.join(', ')} not installed; install with ${installCommand(missing)}`);
  const stateDir = resolve(process.env['JETWAY_STATE_DIR'] ?? join(ROOT, '.jetway'));
  const external = process.env['JETWAY_NATS_URL'];
  const natsPort = external ? undefined : await portOr(14222);
  const natsUrl = external ?? `nats://127.0.0.1:${natsPort}`;
  const routerPort = await portOr(8480);
  // A first Ctrl-C (or SIGTERM/SIGHUP) at any point winds down through the finally blocks below;
  // a second kills what this launcher started and exits at once, still releasing the lock.
  let lock: MeshLock | undefined;
  const interrupt = new Interrupt((signal) => {
    const killed = lock ? killNow(lock.owner.children) : [];
    process.stderr.write(`jetway: ${signal} again: killed ${killed.join(', ') || 'nothing'}; exiting now\n`);
    process.exit(130);
  });
  try {
    // One mesh per state directory, decided before anything in it is touched (the store, nats.url,
    // the deployer's instances, the compiled services).
    mkdirSync(stateDir, { recursive: true });
    lock = await takeStateDir(stateDir, { natsUrl, routerPort });
    // Every way out releases it, if it is still ours: a normal end, --once, an error, Ctrl-C.
    process.once('exit', () => lock?.release());
    interrupt.check();
    const example = (values.example ?? 'deploy') as ExampleName;
    return await runMesh({ stateDir, natsPort, natsUrl, routerPort, lock, interrupt, once: Boolean(values.once), file: values.file, example });
  } catch (error) {
    if (error instanceof InterruptedError) return 130;
    throw error;
  } finally {
    lock?.release();
    interrupt.dispose();
  }
}

/** The mesh lock of `stateDir`, or an error naming the mesh that holds it; a stale one is taken over, saying so. */
async function takeStateDir(stateDir: string, info: { natsUrl: string; routerPort: number }): Promise<MeshLock> {
  const attempt = acquireMeshLock(stateDir, info);
  if (!attempt.acquired) throw new Error(`${refusal(attempt.owner)}\n  (lock: ${join(stateDir, LOCK_FILE)}, taken ${attempt.owner.startedAt})`);
  if (attempt.tookOver) {
    const { owner, reason } = attempt.tookOver;
    say(`lock        taking over ${attempt.lock.path}: ${owner ? `the mesh started ${owner.startedAt} is gone (${reason})` : reason}`);
    const stopped = owner ? await stopLeftovers(owner.children) : [];
    stopped.push(...(await stopDeployedApps(stateDir)));
    if (stopped.length) say(`            stopped what it left running: ${stopped.join(', ')}`);
  }
  return attempt.lock;
}

interface MeshPlan {
  stateDir: string;
  natsPort: number | undefined;
  natsUrl: string;
  routerPort: number;
  lock: MeshLock;
  interrupt: Interrupt;
  once: boolean;
  file: string | undefined;
  example: ExampleName;
}

/**
 * Starts nats-server (unless external), the monitoring stack (when installed) and the services,
 * runs the pipeline, keeps the mesh up unless --once; stops all it started, the services first.
 */
async function runMesh(plan: MeshPlan): Promise<number> {
  const { stateDir, lock, interrupt } = plan;
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const services: RunningService[] = [];
  let nats: LocalNats | undefined;
  let stack: LocalStack | undefined;
  let channels: LocalChannels | undefined;
  try {
    if (plan.natsPort !== undefined) nats = await startLocalNats(stateDir, plan.natsPort, (pid) => lock.recordChild('nats-server', pid));
    interrupt.check();
    say(`NATS        ${plan.natsUrl}${nats ? ' (embedded, data in .jetway/nats)' : ''}`);
    // The services run as JavaScript compiled into .jetway/js at every start (~0.3 s): no
    // TypeScript compiler in their memory.
    const compiled = await interrupt.race(compiledServices(ROOT, join(stateDir, 'js')));
    // The ports first: the stack is told what to scrape before the services listen there.
    const ports = await portsOr({ ...OPS_PORT, ...STACK_PORTS });
    const jetwayTargets = SERVICES.map((name) => `127.0.0.1:${ports[name]}`);
    const missing = stackMissing();
    if (missing.length === 0) stack = await startLocalStack(stateDir, ports, jetwayTargets, (name, pid) => lock.recordChild(name, pid));
    interrupt.check();
    say(`stack       ${stack ? describeStack(stack) : missingLine(missing)}`);
    if (plan.example === 'monitoring' && !plan.file) {
      channels = await startLocalChannels(stateDir);
      say(`channels    ${describeChannels(channels)}`);
    }
    const env = {
      ...compiled.env,
      ...stackEnv(stateDir, ports.ingress, stack, jetwayTargets),
      ...channels?.env,
      JETWAY_NATS_URL: plan.natsUrl,
      JETWAY_ROUTER_PORT: String(plan.routerPort),
      JETWAY_DEPLOYER_DATA_DIR: join(stateDir, 'deployer'),
      JETWAY_BUILDER_WORK_DIR: join(stateDir, 'builder'),
      JETWAY_NOTIFIER_JOURNAL_DIR: join(stateDir, 'notifier'),
    };
    for (const name of SERVICES) {
      interrupt.check();
      const service = await spawnService(name, ROOT, stateDir, env, compiled.command, ports[name]);
      services.push(service);
      lock.recordChild(name, service.child.pid);
    }
    await interrupt.race(Promise.all(services.map((service) => waitReady(service))));
    say(`services    ${services.map((s) => `${s.name} :${s.opsPort}`).join(', ')}  (logs in .jetway/logs)`);
    say(`approvers   ${await interrupt.race(enrolLocally(plan.natsUrl, stateDir))}`);
    const monitoring = stack && channels ? { stack, channels, jetwayTargets } : undefined;
    const outcome = await interrupt.race(
      plan.file
        ? runPipeline(plan.natsUrl, ROOT, resolve(ROOT, plan.file)).then((run) => run.code)
        : runExample(plan.example, { natsUrl: plan.natsUrl, root: ROOT, stateDir, ...(monitoring && { monitoring }) }),
    );
    if (plan.once) return outcome;
    say(`\nThe mesh is up (pid ${process.pid}). Try: npm run jetway -- status <run id>   (Ctrl-C stops everything)`);
    await interrupt.next();
    return outcome;
  } finally {
    await Promise.all(services.map((service) => stopService(service)));
    // The router process and the app instances outlive the deployer; stopping the mesh stops them.
    await stopDeployedApps(stateDir).catch((error: Error) => say(`jetway: could not stop the deployed apps: ${error.message}`));
    await stack?.stop();
    await channels?.close();
    await nats?.stop();
  }
}

/** The examples' approvers, enrolled with local seeds so their approve commands work here; says what it did. */
async function enrolLocally(natsUrl: string, stateDir: string): Promise<string> {
  const names = exampleApprovers(join(ROOT, 'examples', 'pipelines'));
  try {
    await enrolExampleApprovers(natsUrl, stateDir, names);
    return `${names.join(', ')} enrolled with local seeds in .jetway/approvers (jetway approve <run> --as ${names[0] ?? '<name>'})`;
  } catch (error) {
    return `not enrolled (${(error as Error).message}): enrol approvers with \`jetway approvers enrol <name>\` as the ops user`;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`jetway: ${error.message}\n`);
    process.exit(1);
  },
);
