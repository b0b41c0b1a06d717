/** The commands `jetway` knows. */
export const COMMANDS = ['publish', 'status', 'approve', 'reject', 'promote', 'abort', 'cancel', 'rollback', 'history', 'runs', 'logs', 'report', 'dlq', 'approvers', 'drift', 'changelog'] as const;
export type CommandName = (typeof COMMANDS)[number];

const GLOBAL = `Global options:
  --nats <url>   NATS server to talk to (e.g. nats://127.0.0.1:4222)
  -h, --help     show help
  -V, --version  print the version and the Node it runs on`;

const TEXT: Record<CommandName, string> = {
  publish: `jetway publish <file.yaml|file.json> [--watch] [--idempotency-key <key>]
  Validate a deployment request file and publish it.
  --watch                  follow the run until it finishes
  --idempotency-key <key>  reuse a key to make the publish idempotent (default: the file's, else a new ULID)`,
  status: `jetway status <runId> [--json] [--watch]
  Show a run: steps with status, outcome and duration, each rollout (weight, stage, the last
  analysis: measurements against thresholds), URLs, trace id.
  --json   print the raw status as JSON
  --watch  follow the run until it ends: steps as they change, every rollout progress (weights,
           analysis decisions) as it happens, the promote command when a rollout pauses;
           exit 0 when it succeeded, 1 otherwise`,
  approve: `jetway approve <runId> --as <name> [--comment <text>] [--key <seed file>] [--plan <hash>]
  Approve a run waiting for approval. The approver must be allowed by the request's policy and
  the decision is signed with their enrolled nkey seed, found at --key, $JETWAY_APPROVER_KEY,
  .jetway/approvers/<name>.nk or ~/.config/jetway/approvers/<name>.nk (mode 600).
  --plan <hash>  the infrastructure plan you reviewed (jetway status shows its hash, adds, changes,
                 destroys): signed with the decision, so it approves that plan and no other`,
  reject: `jetway reject <runId> --as <name> [--comment <text>] [--key <seed file>] [--plan <hash>]
  Reject a run waiting for approval (signed like approve, --plan too); the run ends as rejected.`,
  promote: `jetway promote <runId> --as <name> [--comment <text>] [--key <seed file>]
  Move a paused (or rolling) rollout of the run on: the next canary step, or a blue-green switch.
  Signed like approve; the operator must be an approver of the run. Refused (exit 1) when
  nothing is paused or rolling out. Exit 0 once the planner passed it on to the deployer.`,
  abort: `jetway abort <runId> --as <name> [--comment <text>] [--key <seed file>]
  Abort the run's rollout: the new release's weight goes to 0, the stable release serves
  everything, and the deploy step ends rolled_back. Signed like approve.`,
  cancel: `jetway cancel <runId> --as <name> [--comment <text>] [--key <seed file>]
  Stop the run at its next step boundary: nothing new is set off, a running rollout is aborted,
  a waiting approval ends; the run ends rejected with "cancelled by <name>". Signed like approve.`,
  rollback: `jetway rollback <application> --env <env> --as <name> [--to <digest>] [--reason <text>] [--key <seed file>] [--json]
  Serve the previous release of the application in that environment again (or the release of
  --to, one that served there before), as a run of its own, and follow it until it ends.
  Signed with the operator's enrolled key; the planner checks that the operator is an approver
  of the deployment behind what serves there. Exit 0 when the rollback succeeded.
  --idempotency-key <key>  reuse a key to make the request idempotent (default: a new one)
  --json                   print the finished run's status as JSON

jetway rollback <stack> --infra --env <env> --approvers <names> [--auto-approve] [--to <sequence>] [--as <name>] [--json]
  Re-apply an earlier configuration of an infrastructure stack: the changelog entry before the
  current one whose files differ (or entry --to), published as an infrastructure request with
  that entry's spec. It goes through the gate like any run: its generate step checks the files
  are still that entry's (else it fails, saying so), then scan, plan, review, apply. Prints the
  run id and how to watch and approve it; it does not wait. Refused (exit 1) when there is no
  earlier entry, when the entry was written before entries recorded their spec, or when the
  entry's run applied more environments than --env (roll back the last of them instead).
  --approvers <names>      who may approve its plan (comma-separated; required — the changelog
                           has no approval block, and a plan that destroys always waits for people)
  --auto-approve           let policy approve a plan that destroys nothing
  --to <sequence>          the changelog entry to restore (jetway changelog <stack> --env <env>)
  --as <name>              who asks for it, recorded in the run's restores (default: $USER);
                           requested_by stays the entry's (it is the owner tag in the files)
  --json                   print the run id and what it restores as JSON`,
  history: `jetway history <application> [--env <env>] [--limit <n>] [--json]
  Releases of an application, newest first: environment, digest, strategy, when, the run that
  deployed it (or rolled back to it) and how that run ended, and what serves now.`,
  runs: `jetway runs [--kind <kind>] [--application <name>] [--status <status>] [--limit <n>] [--json]
  Runs, newest first. --kind deployment|ci_cd_setup|monitoring_setup|infrastructure|rollback, --status running|succeeded|failed|rejected,
  --limit how many (default 20, at most 500).`,
  logs: `jetway logs <runId> [--step <id>]
  Print a step's log (build output, deployed instances' output); without --step, every step's.`,
  report: `jetway report <runId> --step <id>
  Print a step's report file to stdout, e.g. the scan's SARIF: jetway report <run> --step scan > scan.sarif`,
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
  approvers: `jetway approvers list | enrol <name> [--public-key <U…> | --out <seed file>] | revoke <name>
  Who may sign approval decisions: each approver's public nkey, kept in KV jetway-approvers.
  enrol <name>          generate a key pair, write the seed (mode 600) to --out (default
                        ~/.config/jetway/approvers/<name>.nk) and enrol its public key
    --public-key <U…>   enrol a key the approver generated (nsc generate nkey --user); no seed written
  revoke <name>         remove the enrolment: decisions in that name are refused from now on
  Enrolling and revoking need the ops NATS user (JETWAY_NATS_USER, JETWAY_NATS_PASSWORD).`,
  drift: `jetway drift <stack> [--env <env>] [--json]
  Check an infrastructure stack for drift now: its last applied configuration planned again against
  what runs (Terraform plan, the JetStream diff, ansible-playbook --check), per environment:
  "in sync", "drifted: N changes" with each address and action, or "unknown: <why>".
  --env <env>  only this environment (development, staging, production, dr)
  --json       print the deployer's answer as JSON
  Exit 0 when every environment is in sync, 3 when any drifted, 1 when it could not check.
  Remediation: re-run the stack's infrastructure request; the plan goes through review.`,
  changelog: `jetway changelog <stack> [--env <env>] [--limit <n>] [--json]
  An infrastructure stack's changelog, newest first: one entry per apply, with its sequence,
  environment, when, the run, who approved its plan (or policy:auto), the files' digest and the
  plan summary; a rollback says which entry it restored.
  --env <env>  only this environment (development, staging, production, dr)
  --limit <n>  how many (default 50, at most 1000)
  --json       print the deployer's answer as JSON, each entry with the spec it applied
  Exit 0, or 1 when the deployer could not answer.`,
};

/** Help for one command, or the overview. */
export function usage(topic?: CommandName): string {
  if (topic) return `Usage: ${TEXT[topic]}\n\n${GLOBAL}`;
  const lines = COMMANDS.map((c) => `  ${TEXT[c].split('\n')[0] ?? c}`);
  return `Usage: jetway <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL}`;
}
