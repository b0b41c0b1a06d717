import { parseCliArgs } from './parse-cli-args';
import { usage } from './usage';
import { usageErrorOf } from './usage-error-of.testing';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';

describe('parseCliArgs', () => {
  it('parses publish with its options and the global --nats', () => {
    expect(parseCliArgs(['publish', 'req.yaml', '--watch', '--idempotency-key', 'release-42', '--nats', 'nats://h:4222'])).toEqual({
      command: 'publish',
      file: 'req.yaml',
      watch: true,
      idempotencyKey: 'release-42',
      nats: 'nats://h:4222',
    });
    expect(parseCliArgs(['publish', 'req.json'])).toEqual({ command: 'publish', file: 'req.json', watch: false });
  });

  it('parses status, upper-casing the run id', () => {
    expect(parseCliArgs(['status', RUN.toLowerCase(), '--json'])).toEqual({ command: 'status', runId: RUN, json: true, watch: false });
    expect(parseCliArgs(['status', RUN, '--watch'])).toEqual({ command: 'status', runId: RUN, json: false, watch: true });
  });

  it.each(['approve', 'reject'] as const)('parses %s with --as and --comment', (command) => {
    expect(parseCliArgs([command, RUN, '--as', 'alice', '--comment', 'ship it'])).toEqual({
      command,
      runId: RUN,
      as: 'alice',
      comment: 'ship it',
    });
  });

  it('parses approve with the seed file, logs with and without a step, and report', () => {
    expect(parseCliArgs(['approve', RUN, '--as', 'alice', '--key', '/keys/alice.nk'])).toMatchObject({ as: 'alice', key: '/keys/alice.nk' });
    expect(parseCliArgs(['logs', RUN])).toEqual({ command: 'logs', runId: RUN });
    expect(parseCliArgs(['logs', RUN, '--step', 'deploy-staging'])).toEqual({ command: 'logs', runId: RUN, step: 'deploy-staging' });
    expect(parseCliArgs(['report', RUN, '--step', 'scan'])).toEqual({ command: 'report', runId: RUN, step: 'scan' });
  });

  it('parses the approvers actions', () => {
    expect(parseCliArgs(['approvers', 'list'])).toEqual({ command: 'approvers', action: 'list' });
    expect(parseCliArgs(['approvers', 'enrol', 'alice', '--out', '/k/alice.nk'])).toEqual({ command: 'approvers', action: 'enrol', name: 'alice', out: '/k/alice.nk' });
    const key = `U${'A'.repeat(55)}`;
    expect(parseCliArgs(['approvers', 'enrol', 'bob', '--public-key', key])).toEqual({ command: 'approvers', action: 'enrol', name: 'bob', publicKey: key });
    expect(parseCliArgs(['approvers', 'revoke', 'bob'])).toEqual({ command: 'approvers', action: 'revoke', name: 'bob' });
  });

  it('returns help, for a command or overall', () => {
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['approve', '-h'])).toEqual({ command: 'help', topic: 'approve' });
    expect(usage('approve')).toContain('--as <name>');
    expect(usage()).toContain('jetway publish <file.yaml|file.json>');
  });

  it.each([
    [[], 'say which command to run: publish, status, approve, reject, promote, abort, cancel, rollback, history, runs, logs, report, dlq, approvers'],
    [['deploy'], "unknown command 'deploy': use one of publish, status, approve, reject, promote, abort, cancel, rollback, history, runs, logs, report, dlq, approvers"],
    [['publish'], "'publish' needs the request file: jetway publish <file.yaml|file.json>"],
    [['publish', 'req.txt'], "'req.txt' is neither YAML nor JSON: give a .yaml, .yml or .json file"],
    [['publish', 'a.yaml', 'b.yaml'], "'publish' takes one argument; remove 'b.yaml'"],
    [['publish', 'a.yaml', '--idempotency-key', 'short'], "--idempotency-key 'short' is not usable: use at least 8 characters"],
    [['status'], "'status' needs a run id: jetway status <runId> (publish prints it)"],
    [['status', 'run-1'], "'run-1' is not a run id: a run id is a ULID, 26 characters like 01J9Z8X7W6V5T4S3R2Q1P0N9M8"],
    [['status', RUN, '--as', 'alice'], "--as is not an option of 'status' (jetway status --help)"],
    [['approve', RUN], "'approve' needs your name: add --as <name> (an approver the request allows)"],
    [['reject', RUN, '--as', '  '], "'reject' needs your name: add --as <name> (an approver the request allows)"],
    [['approve', RUN, '--as'], '--as needs a value, e.g. --as <value>'],
    [['status', RUN, '--nats'], '--nats needs a value, e.g. --nats nats://127.0.0.1:4222'],
    [['status', RUN, '--nats', 'http://x'], "--nats 'http://x' is not a NATS URL: write e.g. --nats nats://127.0.0.1:4222"],
    [['status', RUN, '--verbose'], 'unknown option --verbose (jetway --help lists the options)'],
    [['publish', 'a.yaml', '--watch=yes'], '--watch is a switch and takes no value: write just --watch'],
    [['report', RUN], "'report' needs the step whose report to print: --step scan"],
    [['logs', RUN, '--step', 'Deploy Staging'], "--step 'Deploy Staging' is not a step id"],
    [['approvers'], 'say what to do: jetway approvers list | enrol <name> | revoke <name>'],
    [['approvers', 'enrol'], "'approvers enrol' needs the approver's name"],
    [['approvers', 'enrol', 'policy:auto'], "'policy:auto' cannot be an approver name"],
    [['approvers', 'enrol', 'bob', '--public-key', 'SUAB'], "--public-key 'SUAB' is not a public user nkey"],
    [['approvers', 'list', '--out', 'x'], "--out is not an option of 'approvers list'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(usageErrorOf(argv).message).toContain(message);
  });

  it('accepts a host:port NATS address', () => {
    expect(parseCliArgs(['status', RUN, '--nats', '127.0.0.1:4222'])).toMatchObject({ nats: '127.0.0.1:4222' });
  });

  it('tags usage errors with the command and exit code 2', () => {
    const error = usageErrorOf(['approve', RUN]);
    expect([error.name, error.topic, error.exitCode]).toEqual(['UsageError', 'approve', 2]);
  });
});
