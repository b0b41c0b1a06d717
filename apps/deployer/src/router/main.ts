import { loadRouterConfig } from './router.config';
import { RouterAlreadyRunning, runRouter, type Log } from './router-process';

// The local platform's router as its own process (started by the deployer's driver, detached):
// it outlives deployer restarts. SIGTERM/SIGINT stop it gracefully. Exit codes: 0 stopped,
// 1 failed, 2 bad configuration, 3 another router already serves this data directory.

const log: Log = (level, msg, fields = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: 'router', pid: process.pid, msg, ...fields })}\n`);

async function main(): Promise<void> {
  process.umask(0o077); // the control socket and the files are this user's only
  let config;
  try {
    config = loadRouterConfig(process.env);
  } catch (error) {
    log('error', (error as Error).message);
    process.exit(2);
  }
  const running = await runRouter(config, log).catch((error: Error) => {
    log('error', error.message);
    process.exit(error instanceof RouterAlreadyRunning ? 3 : 1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: stopping (requests in flight get ${config.stopGraceMs} ms)`);
    running.stop().then(
      () => process.exit(0),
      (error: Error) => (log('error', `stopping failed: ${error.message}`), process.exit(1)),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => undefined); // no terminal to hang up: the router is its own session's
}

process.on('uncaughtException', (error) => {
  log('error', `uncaught: ${error.stack ?? error.message}`);
  process.exit(1);
});
void main();
