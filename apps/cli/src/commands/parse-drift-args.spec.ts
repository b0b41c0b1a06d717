import { parseCliArgs } from './parse-cli-args';
import { usage } from './usage';
import { usageErrorOf } from './usage-error-of.testing';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const HASH = 'ab'.repeat(32);

describe('jetway drift (parsing)', () => {
  it('parses the stack, --env and --json', () => {
    expect(parseCliArgs(['drift', 'ledger'])).toEqual({ command: 'drift', stack: 'ledger', json: false });
    expect(parseCliArgs(['drift', 'ledger', '--env', 'production', '--json', '--nats', 'nats://h:4222'])).toEqual({ command: 'drift', stack: 'ledger', environment: 'production', json: true, nats: 'nats://h:4222' });
  });

  it('has help that documents the exit codes and the remediation', () => {
    expect(parseCliArgs(['drift', '--help'])).toEqual({ command: 'help', topic: 'drift' });
    const text = usage('drift');
    expect(text).toContain('jetway drift <stack> [--env <env>] [--json]');
    expect(text).toContain('Exit 0 when every environment is in sync, 3 when any drifted, 1 when it could not check.');
    expect(text).toContain("re-run the stack's infrastructure request; the plan goes through review");
    expect(usage()).toContain('jetway drift <stack>');
  });

  it.each([
    [['drift'], "'drift' needs the stack: jetway drift <stack> [--env <env>]"],
    [['drift', 'a', 'b'], "'drift' takes one stack; remove 'b'"],
    [['drift', 'Ledger_1'], "'Ledger_1' is not a stack name"],
    [['drift', 'ledger', '--env', 'qa'], "--env 'qa' is not one of development, staging, production, dr"],
    [['drift', 'ledger', '--as', 'alice'], "--as is not an option of 'drift' (jetway drift --help)"],
  ])('refuses %j: %s', (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });
});

describe('jetway approve/reject --plan (parsing)', () => {
  it.each(['approve', 'reject'] as const)('carries the reviewed plan hash on %s (sha256: prefix and case forgiven)', (command) => {
    expect(parseCliArgs([command, RUN, '--as', 'alice', '--plan', HASH])).toEqual({ command, runId: RUN, as: 'alice', plan: HASH });
    expect(parseCliArgs([command, RUN, '--as', 'alice', '--plan', `sha256:${HASH.toUpperCase()}`])).toMatchObject({ plan: HASH });
    expect(parseCliArgs([command, RUN, '--as', 'alice'])).not.toHaveProperty('plan');
  });

  it('refuses a --plan that is not a plan hash, and --plan where it means nothing', () => {
    expect(usageErrorOf(['approve', RUN, '--as', 'alice', '--plan', 'abc123']).message).toBe("--plan 'abc123' is not a plan hash: give the 64 hex digits jetway status <run> shows for the plan under review");
    expect(usageErrorOf(['promote', RUN, '--as', 'alice', '--plan', HASH]).message).toContain("--plan is not an option of 'promote'");
    expect(usage('approve')).toContain('--plan <hash>');
  });
});
