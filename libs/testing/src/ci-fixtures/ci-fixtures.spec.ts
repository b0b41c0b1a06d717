import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CI_FIXTURE_NAMES, createCiFixture, runGit, type CiFixture } from './ci-fixtures';

/** Runs a command in `cwd` and returns its exit status and output (the fixtures' own tests). */
function run(cwd: string, command: string, args: string[]): { status: number | null; output: string } {
  // No colours: the test reporter colours its summary when CI or FORCE_COLOR is set, and the assertions read it.
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('CI fixture repositories', () => {
  const made: CiFixture[] = [];
  const make = (...args: Parameters<typeof createCiFixture>): CiFixture => {
    const fixture = createCiFixture(...args);
    made.push(fixture);
    return fixture;
  };
  afterAll(() => made.forEach((fixture) => fixture.cleanup()));

  it('makes each fixture a git repository with exactly one commit and a clean tree when asked', () => {
    for (const name of CI_FIXTURE_NAMES) {
      const fixture = make(name, { git: true });
      expect(fixture.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(runGit(fixture.path, 'rev-list', '--count', 'HEAD')).toBe('1');
      expect(runGit(fixture.path, 'status', '--porcelain')).toBe('');
      expect(runGit(fixture.path, 'config', '--local', 'user.email')).toBe('fixture@jetway.test');
    }
  });

  it('makes a plain directory without .git by default', () => {
    const fixture = make('python-app');
    expect(fixture.commit).toBeUndefined();
    expect(existsSync(join(fixture.path, '.git'))).toBe(false);
    expect(existsSync(join(fixture.path, 'pyproject.toml'))).toBe(true);
  });

  it("runs the Node app's tests and build for real", () => {
    const fixture = make('node-app');
    const test = run(fixture.path, process.execPath, ['--test']);
    expect(test.output).toMatch(/^\S+ pass 2$/m);
    expect(test.status).toBe(0);
    expect(run(fixture.path, process.execPath, ['scripts/build.js']).status).toBe(0);
    expect(existsSync(join(fixture.path, 'dist/greet.js'))).toBe(true);
  });

  it("accepts the hand-written lockfiles with npm ci, offline, and runs each workspace member's tests", () => {
    for (const name of ['node-app', 'node-monorepo'] as const) {
      const fixture = make(name);
      const ci = run(fixture.path, 'npm', ['ci', '--offline', '--no-audit', '--no-fund']);
      expect({ name, ...ci }).toMatchObject({ status: 0 });
    }
    const monorepo = made[made.length - 1] as CiFixture;
    for (const member of ['services/api', 'services/web']) {
      const test = run(join(monorepo.path, member), process.execPath, ['--test']);
      expect({ member, status: test.status, pass: /^\S+ pass 1$/m.test(test.output) }).toEqual({ member, status: 0, pass: true });
    }
  });

  it("runs the Python app's standard-library tests for real", () => {
    const fixture = make('python-app');
    const test = run(fixture.path, 'python3', ['-m', 'unittest', 'discover', '-s', 'tests']);
    expect(test.output).toMatch(/Ran 3 tests/);
    expect(test.status).toBe(0);
  });

  it("links the monorepo's workspace members in its v3 lockfile the way npm writes them", () => {
    const monorepo = make('node-monorepo');
    const lock = JSON.parse(readFileSync(join(monorepo.path, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, unknown> };
    expect(lock.lockfileVersion).toBe(3);
    expect(Object.keys(lock.packages)).toEqual(['', 'node_modules/@shop/api', 'node_modules/@shop/web', 'services/api', 'services/web']);
  });
});
