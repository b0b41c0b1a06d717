/** The commands `jetway` knows. */
export const COMMANDS = ['publish', 'status', 'approve', 'reject'] as const;
export type CommandName = (typeof COMMANDS)[number];

const GLOBAL = `Global options:
  --nats <url>   NATS server to talk to (e.g. nats://127.0.0.1:4222)
  -h, --help     show help`;

const TEXT: Record<CommandName, string> = {
  publish: `jetway publish <file.yaml|file.json> [--watch] [--idempotency-key <key>]
  Validate a deployment request file and publish it.
  --watch                  follow the run until it finishes
  --idempotency-key <key>  reuse a key to make the publish idempotent (default: the file's, else a new ULID)`,
  status: `jetway status <runId> [--json]
  Show a run: steps with status, outcome and duration, URLs, trace id.
  --json   print the raw status as JSON`,
  approve: `jetway approve <runId> --as <name> [--comment <text>]
  Approve a run waiting for approval (the approver must be allowed by the request's policy).`,
  reject: `jetway reject <runId> --as <name> [--comment <text>]
  Reject a run waiting for approval; the run ends as rejected.`,
};

/** Help for one command, or the overview. */
export function usage(topic?: CommandName): string {
  if (topic) return `Usage: ${TEXT[topic]}\n\n${GLOBAL}`;
  const lines = COMMANDS.map((c) => `  ${TEXT[c].split('\n')[0] ?? c}`);
  return `Usage: jetway <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL}`;
}
