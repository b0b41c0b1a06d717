import { parseCliArgs } from './parse-cli-args';
import { usage } from './usage';
import { usageErrorOf } from './usage-error-of.testing';

describe('jetway changelog and rollback --infra (parsing)', () => {
  it('parses changelog with --env, --limit and --json', () => {
    expect(parseCliArgs(['changelog', 'orders'])).toEqual({ command: 'changelog', stack: 'orders', limit: 50, json: false });
    expect(parseCliArgs(['changelog', 'orders', '--env', 'staging', '--limit', '5', '--json'])).toEqual({ command: 'changelog', stack: 'orders', environment: 'staging', limit: 5, json: true });
  });

  it('parses rollback --infra: the environment, approvers, and the optional entry, asker and key', () => {
    expect(parseCliArgs(['rollback', 'orders', '--infra', '--env', 'staging', '--approvers', 'alice, bob,alice'])).toEqual({
      command: 'infra-rollback', stack: 'orders', environment: 'staging', approvers: ['alice', 'bob'], autoApprove: false, json: false,
    });
    expect(parseCliArgs(['rollback', 'orders', '--infra', '--env', 'production', '--approvers', 'alice', '--auto-approve', '--to', '3', '--as', 'bob', '--idempotency-key', 'undo-orders-3', '--json'])).toEqual({
      command: 'infra-rollback', stack: 'orders', environment: 'production', approvers: ['alice'], autoApprove: true, to: 3, as: 'bob', idempotencyKey: 'undo-orders-3', json: true,
    });
  });

  it('leaves the deployment rollback as it was', () => {
    expect(parseCliArgs(['rollback', 'shop', '--env', 'staging', '--as', 'alice'])).toEqual({ command: 'rollback', application: 'shop', environment: 'staging', as: 'alice', json: false });
  });

  it('documents both rollbacks and the changelog, with the approval choice', () => {
    const text = usage('rollback');
    expect(text).toContain('jetway rollback <application> --env <env> --as <name>');
    expect(text).toContain('jetway rollback <stack> --infra --env <env> --approvers <names> [--auto-approve] [--to <sequence>] [--as <name>] [--json]');
    expect(text).toContain('the changelog\n                           has no approval block');
    expect(usage('changelog')).toContain('jetway changelog <stack> [--env <env>] [--limit <n>] [--json]');
    expect(usage()).toContain('jetway changelog <stack>');
  });

  it.each([
    [['changelog'], "'changelog' needs the stack: jetway changelog <stack> [--env <env>]"],
    [['changelog', 'a', 'b'], "'changelog' takes one stack; remove 'b'"],
    [['changelog', 'Orders'], "'Orders' is not a stack name"],
    [['changelog', 'orders', '--limit', '0'], "--limit '0' must be a whole number from 1 to 1000"],
    [['changelog', 'orders', '--as', 'bob'], "--as is not an option of 'changelog' (jetway changelog --help)"],
    [['rollback', 'orders', '--infra', '--approvers', 'alice'], "'rollback --infra' needs the environment whose changelog to roll back: --env development|staging|production|dr"],
    [['rollback', 'orders', '--infra', '--env', 'qa', '--approvers', 'alice'], "--env 'qa' is not one of development, staging, production, dr"],
    [['rollback', 'orders', '--infra', '--env', 'staging'], "'rollback --infra' needs who may review its plan: --approvers <names>"],
    [['rollback', 'orders', '--infra', '--env', 'staging', '--auto-approve'], "'rollback --infra' needs who may review its plan"],
    [['rollback', 'orders', '--infra', '--env', 'staging', '--approvers', 'alice,,bob'], "--approvers 'alice,,bob' has an empty name"],
    [['rollback', 'orders', '--infra', '--env', 'staging', '--approvers', 'alice', '--to', 'sha256:ab'], "--to 'sha256:ab' is not a changelog sequence: give the entry's number (jetway changelog orders --env staging lists them)"],
    [['rollback', 'orders', '--infra', '--env', 'staging', '--approvers', 'alice', '--key', 'a.nk'], '--key is for the rollback of a deployment, not of an infrastructure stack (--infra)'],
    [['rollback', 'orders', '--infra', '--env', 'staging', '--approvers', 'alice', '--idempotency-key', 'short'], "--idempotency-key 'short' is not usable: use 8 to 200 characters"],
    [['rollback', 'shop', '--env', 'staging', '--as', 'alice', '--approvers', 'bob'], '--approvers is for the rollback of an infrastructure stack: add --infra'],
    [['drift', 'orders', '--infra'], "--infra is not an option of 'drift'"],
  ])('refuses %j: %s', (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });
});
