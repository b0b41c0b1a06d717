import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runRolloutBench } from './bench';
import { ROLLOUT_LOAD_MARGIN_SECONDS } from './rollout-rows';
import { chosenNames } from './only';
import { planRollouts, ROLLOUTS } from './rollouts';
import { SCENARIOS } from './scenarios';
import { benchFailed, renderTable, verdicts } from './table';

const ROOT = resolve(__dirname, '../../..');
const list = (rows: readonly { name: string }[]) => rows.map((row) => `  "${row.name}"`).join('\n');
const USAGE = `Usage: npm run rollout-bench [-- --seconds 10 --concurrency 16 --qps 50 --warmup 2 --only <names> --no-reference]

Measures the local platform's router: the same steady hey load (Debian's hey) in every row, each URL
warmed up with --warmup seconds of it. First straight to one examples/hello-service instance (the baseline), and
for reference through a minimal Node.js proxy (what any proxy hop costs here; --no-reference
skips it). Then through the router process (compiled with SWC, as npm start runs it) with routes
set by hand, for --seconds a row:
${list(SCENARIOS)}
Then per strategy, run for real: a nats-server and the deployer service (in this process, with
its router process) deploy v1 (rolling, 3 replicas) and roll out one after another; a row's load
runs from ${ROLLOUT_LOAD_MARGIN_SECONDS} s before its rollout until ${ROLLOUT_LOAD_MARGIN_SECONDS} s after it finished, and the row says how it ended:
${list(ROLLOUTS)}

--only <names>: comma-separated, or one --only per name (a name with a comma needs its own). A
rollout chosen also runs the ones before it, unshown (each starts where the previous ended).

Prints requests, failed, p50/p99, the p99 ratio against the direct row (target for the router
≤ 1.5×) and how long each row's load ran. Not a test: exit 1 when a request failed or a rollout
did not succeed, 2 on an error, 130 on Ctrl-C. Everything runs on loopback in a temporary
directory and is stopped at the end.`;

async function main(signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '16' },
      qps: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '2' },
      only: { type: 'string', multiple: true },
      'no-reference': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (console.log(USAGE), 0);
  const number = (name: string, raw: string, min: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} ${raw}: must be a whole number ≥ ${min}`);
    return value;
  };
  const load = { seconds: number('seconds', values.seconds, 1), concurrency: number('concurrency', values.concurrency, 1), qps: number('qps', values.qps, 1) };
  const only = values.only && chosenNames(values.only, [...SCENARIOS, ...ROLLOUTS].map((s) => s.name));
  const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
  const began = Date.now();
  const options = { root: ROOT, load, warmupSeconds: number('warmup', values.warmup, 0), scenarios, rollouts: planRollouts(ROLLOUTS, only), reference: !values['no-reference'] };
  const rows = await runRolloutBench({ ...options, signal, log: (line) => process.stderr.write(`${line}\n`) });
  const table = renderTable(rows, { ...load, rolloutMarginSeconds: ROLLOUT_LOAD_MARGIN_SECONDS });
  process.stdout.write(`${table}\n\n${verdicts(rows).join('\n')}\nrollout-bench took ${((Date.now() - began) / 1000).toFixed(0)} s\n`);
  return benchFailed(rows) ? 1 : 0;
}

// The first Ctrl-C stops what the bench started (the deployer's router and instances run in their
// own process groups: no Ctrl-C reaches them); a second one exits at once.
const interrupted = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nrollout-bench: interrupted, stopping what it started… (Ctrl-C again to leave at once)\n');
  interrupted.abort();
  process.once('SIGINT', () => process.exit(130));
});
main(interrupted.signal).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`rollout-bench: ${error.message}\n`);
    process.exit(interrupted.signal.aborted ? 130 : 2);
  },
);
