import { parseCliArgs } from './parse-cli-args';
import { usageErrorOf } from './usage-error-of.testing';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parsing the operator commands', () => {
  it('parses promote, abort and cancel with who, a comment and a key', () => {
    expect(parseCliArgs(['promote', RUN.toLowerCase(), '--as', 'alice'])).toEqual({ command: 'promote', runId: RUN, as: 'alice' });
    expect(parseCliArgs(['abort', RUN, '--as', 'alice', '--comment', 'p99 too high', '--key', 'a.nk'])).toEqual({ command: 'abort', runId: RUN, as: 'alice', comment: 'p99 too high', key: 'a.nk' });
    expect(parseCliArgs(['cancel', RUN, '--as', 'bob'])).toMatchObject({ command: 'cancel', runId: RUN, as: 'bob' });
  });

  it('parses rollback with its environment, target, reason and key', () => {
    expect(parseCliArgs(['rollback', 'hello', '--env', 'production', '--to', DIGEST, '--reason', 'p99 doubled', '--as', 'alice', '--json'])).toEqual({
      command: 'rollback',
      application: 'hello',
      environment: 'production',
      to: DIGEST,
      reason: 'p99 doubled',
      as: 'alice',
      json: true,
    });
  });

  it('parses history and runs with their filters and limits', () => {
    expect(parseCliArgs(['history', 'hello'])).toEqual({ command: 'history', application: 'hello', limit: 20, json: false });
    expect(parseCliArgs(['history', 'hello', '--env', 'staging', '--limit', '5', '--json'])).toEqual({ command: 'history', application: 'hello', environment: 'staging', limit: 5, json: true });
    expect(parseCliArgs(['runs'])).toEqual({ command: 'runs', limit: 20, json: false });
    expect(parseCliArgs(['runs', '--kind', 'rollback', '--application', 'hello', '--status', 'failed', '--limit', '100'])).toEqual({
      command: 'runs',
      kind: 'rollback',
      application: 'hello',
      status: 'failed',
      limit: 100,
      json: false,
    });
  });

  it.each([
    [['promote', RUN], "'promote' needs your name: add --as <name>"],
    [['promote', '--as', 'alice'], "'promote' needs a run id: jetway promote <runId> --as <name>"],
    [['abort', 'nope', '--as', 'alice'], "'nope' is not a run id"],
    [['cancel', RUN, '--as', 'alice', '--env', 'staging'], "--env is not an option of 'cancel'"],
    [['rollback', 'hello', '--as', 'alice'], "'rollback' needs the environment: --env development|staging|production"],
    [['rollback', '--env', 'production', '--as', 'alice'], "'rollback' needs the application: jetway rollback <application> --env <env> --as <name>"],
    [['rollback', 'hello', '--env', 'prod', '--as', 'alice'], "--env 'prod' is not one of development, staging, production"],
    [['rollback', 'hello', '--env', 'production', '--as', 'alice', '--to', 'v1.2'], "--to 'v1.2' is not a digest: write sha256:<64 hex digits>"],
    [['rollback', 'hello', '--env', 'production'], "'rollback' needs your name"],
    [['history'], "'history' needs the application"],
    [['history', 'Hello'], "'Hello' is not an application name"],
    [['runs', 'hello'], "'runs' takes no argument; filter with --kind, --application, --status"],
    [['runs', '--status', 'done'], "--status 'done' is not one of running, succeeded, failed, rejected"],
    [['runs', '--kind', 'infra'], "--kind 'infra' is not one of deployment, ci_cd_setup, monitoring_setup, infrastructure, rollback"],
    [['runs', '--limit', '0'], "--limit '0' must be a whole number from 1 to 500"],
    [['history', 'hello', '--limit', '201'], "--limit '201' must be a whole number from 1 to 200"],
  ])('refuses %j: %s', (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });
});
