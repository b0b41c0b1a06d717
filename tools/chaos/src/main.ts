import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeIssues } from '@jetway/contracts';
import { runChaos, type ChaosOptions } from './chaos';
import { renderReport, violations } from './report';

const USAGE = `Usage: npm run chaos [-- options]

Runs deployment pipelines through the six services (separate processes) while SIGKILLing a random
service — and the broker — every few seconds, then checks that every run finished with the outcome
it should have and that every effect (process started, Slack post, PagerDuty event) happened once.
Bounded: kills stop after --kill-for, unfinished runs count as lost after --settle.

  --runs N           runs per broker setup (default 30)
  --kill-every S     mean seconds between kills (default 3)
  --kill-for S       seconds of kills at most (default 150)
  --settle S         seconds for runs to finish after the kills (default 120)
  --broker B         single | cluster | both (default both: one nats-server, then a 3-node R3 cluster)
  --no-broker-kills  kill services only, never the broker
  --seed N           replay a schedule (default: random, printed)
Exit code 0 when every invariant holds, 1 otherwise.`;

const Args = z.object({
  runs: z.coerce.number().int().min(1).max(1_000).default(30),
  'kill-every': z.coerce.number().positive().max(600).default(3),
  'kill-for': z.coerce.number().positive().max(3_600).default(150),
  settle: z.coerce.number().positive().max(3_600).default(120),
  broker: z.enum(['single', 'cluster', 'both']).default('both'),
  'no-broker-kills': z.boolean().default(false),
  seed: z.coerce.number().int().min(0).default(() => Math.floor(Math.random() * 1_000_000)),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      'kill-every': { type: 'string' },
      'kill-for': { type: 'string' },
      settle: { type: 'string' },
      broker: { type: 'string' },
      'no-broker-kills': { type: 'boolean' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (console.log(USAGE), 0);
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`chaos: ${describeIssues(parsed.error)}\n\n${USAGE}\n`);
    return 2;
  }
  const args = parsed.data;
  const setups: ChaosOptions['broker'][] = args.broker === 'both' ? ['single', 'cluster'] : [args.broker];
  let failures = 0;
  for (const broker of setups) {
    const report = await runChaos({
      runs: args.runs,
      publishOverMs: args['kill-for'] * 500,
      killEveryMs: args['kill-every'] * 1_000,
      killForMs: args['kill-for'] * 1_000,
      settleMs: args.settle * 1_000,
      broker,
      brokerFaults: !args['no-broker-kills'],
      seed: args.seed,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`\n${renderReport(report)}\n`);
    const found = violations(report);
    for (const violation of found) process.stdout.write(`  VIOLATION: ${violation}\n`);
    for (const line of report.diagnostics ?? []) process.stdout.write(`  | ${line}\n`);
    process.stdout.write(found.length === 0 ? '  all invariants hold\n\n' : '\n');
    failures += found.length;
  }
  return failures === 0 ? 0 : 1;
}

// Ctrl-C or a kill: exit, and the exit hooks stop the services, the deployed apps and the broker.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`chaos: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
