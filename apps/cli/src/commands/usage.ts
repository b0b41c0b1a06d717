/** The commands `jetway` knows. */
export const COMMANDS = ['publish', 'status', 'approve', 'reject', 'dlq'] as const;
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
  dlq: `jetway dlq list [--subject <subject>] [--limit <n>] | dlq show <seq> | dlq replay <seq> [--file <fixed.json>]
  Dead letters: messages a service gave up on, kept in the JETWAY_DLQ stream with the reason.
  list                  the newest dead letters: seq, time, original subject, service/durable, reason
    --subject <subject> only those of this original subject (* and > are wildcards)
    --limit <n>         how many (default 20)
  show <seq>            one dead letter: its headers, and its body (pretty JSON when it parses)
  replay <seq>          validate it against its subject's contract again and publish it there once;
                        refused (exit 2, naming each bad field) while it is still invalid
    --file <fixed.json> replay this corrected event instead of the stored body
  Reading needs the cli NATS user; replaying a subject the cli user may not publish needs the ops
  user (JETWAY_NATS_USER, JETWAY_NATS_PASSWORD).`,
};

/** Help for one command, or the overview. */
export function usage(topic?: CommandName): string {
  if (topic) return `Usage: ${TEXT[topic]}\n\n${GLOBAL}`;
  const lines = COMMANDS.map((c) => `  ${TEXT[c].split('\n')[0] ?? c}`);
  return `Usage: jetway <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL}`;
}
