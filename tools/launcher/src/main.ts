import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JetwayClient, loadRequestFile, watchRun } from '@jetway/cli';
import { startLocalNats, type LocalNats } from './local-nats';
import { portOr } from './ports';
import { compiledServices } from './compile';
import { SERVICES, spawnService, stopService, waitReady, type RunningService } from './services';

const ROOT = resolve(__dirname, '../../..');
const USAGE = `Usage: npm start [-- --once] [-- --file <pipeline.yaml>]

Starts a local nats-server (JetStream, data in .jetway/), the six Jetway services, publishes
examples/pipelines/hello-deploy.yaml and follows the run. Keeps the mesh up until Ctrl-C;
--once exits with the run's outcome (0 succeeded, 1 otherwise).
JETWAY_NATS_URL=nats://host:4222 uses an existing server instead of starting one;
JETWAY_STATE_DIR moves .jetway (NATS data, logs, releases, monitoring files) elsewhere.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { once: { type: 'boolean' }, file: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (console.log(USAGE), 0);
  const stateDir = resolve(process.env['JETWAY_STATE_DIR'] ?? join(ROOT, '.jetway'));
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const say = (text: string) => process.stdout.write(`${text}\n`);

  const nats: LocalNats | undefined = process.env['JETWAY_NATS_URL'] ? undefined : await startLocalNats(stateDir, 14222);
  const natsUrl = process.env['JETWAY_NATS_URL'] ?? nats?.url ?? '';
  say(`NATS        ${natsUrl}${nats ? ' (embedded, data in .jetway/nats)' : ''}`);
  const routerPort = await portOr(8480);
  // The services run as JavaScript compiled into .jetway/js at every start (~0.3 s): no
  // TypeScript compiler in their memory.
  const compiled = await compiledServices(ROOT, join(stateDir, 'js'));
  const env = {
    ...compiled.env,
    JETWAY_NATS_URL: natsUrl,
    JETWAY_ROUTER_PORT: String(routerPort),
    JETWAY_DEPLOYER_DATA_DIR: join(stateDir, 'deployer'),
    JETWAY_MONITORING_DIR: join(stateDir, 'monitoring'),
    JETWAY_BUILDER_WORK_DIR: join(stateDir, 'builder'),
  };
  const services: RunningService[] = [];
  const shutdown = async () => {
    await Promise.all(services.map((service) => stopService(service)));
    await nats?.stop();
  };
  try {
    for (const name of SERVICES) services.push(await spawnService(name, ROOT, stateDir, env, compiled.command));
    await Promise.all(services.map((service) => waitReady(service)));
    say(`services    ${services.map((s) => `${s.name} :${s.opsPort}`).join(', ')}  (logs in .jetway/logs)`);
    const outcome = await runPipeline(natsUrl, resolve(ROOT, values.file ?? 'examples/pipelines/hello-deploy.yaml'), say);
    if (values.once) return outcome;
    say('\nThe mesh is up. Try: npm run jetway -- status <run id>   (Ctrl-C stops everything)');
    await new Promise<void>((done) => process.once('SIGINT', () => done()));
    return outcome;
  } finally {
    await shutdown();
  }
}

/** Publishes the pipeline, prints its progress and summary, and shows the deployed service answering. */
async function runPipeline(natsUrl: string, file: string, say: (text: string) => void): Promise<number> {
  const client = await JetwayClient.connect(natsUrl);
  try {
    const request = await loadRequestFile(file);
    const runId = await client.publishRequest(request);
    say(`run         ${runId}  (${file.replace(`${ROOT}/`, '')})\n`);
    const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
    const run = await watchRun(client, runId, { out: (text) => process.stdout.write(text) }, { color });
    for (const [environment, url] of Object.entries(run.urls)) {
      const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
        async (r) => `${r.status} ${(await r.text()).trim()}`,
        (error: Error) => `no answer (${error.message})`,
      );
      say(`${environment.padEnd(11)} GET ${url} → ${answer}`);
    }
    return run.status === 'succeeded' ? 0 : 1;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`jetway: ${error.message}\n`);
    process.exit(1);
  },
);
