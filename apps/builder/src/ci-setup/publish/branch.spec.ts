import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeTempDir, writeTree } from '../../drivers/command/fixtures.testing';
import type { BundleFile } from './bundle';
import { commitMessage, commitOnNewBranch } from './branch';

const RUN = '01J0000000000000000000C5SE';
const BRANCH = `jetway/ci-setup-${RUN}`;
const file = (path: string, content: string, executable = false): BundleFile => ({ path, content: Buffer.from(content), executable });
const FILES = [file('.github/workflows/ci.yml', 'on: push\n'), file('ci/smoke.sh', '#!/bin/sh\necho ok\n', true)];

/** Everything a user could notice about their checkout: HEAD, branch, status, both diffs, the index file's bytes. */
function checkoutState(repo: string) {
  return {
    head: git(repo, 'rev-parse', 'HEAD'),
    branch: git(repo, 'symbolic-ref', 'HEAD'),
    status: git(repo, 'status', '--porcelain=v1', '--untracked-files=all'),
    unstaged: git(repo, 'diff'),
    staged: git(repo, 'diff', '--cached'),
    index: createHash('sha256').update(readFileSync(join(repo, '.git', 'index'))).digest('hex'),
    dirty: readFileSync(join(repo, 'src/app.js'), 'utf8'),
  };
}

describe('commitOnNewBranch', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let repo: string;
  let base: string;
  beforeEach(() => {
    tmp = makeTempDir('branch');
    repo = join(tmp.path, 'repo');
    writeTree(repo, { 'src/app.js': 'module.exports = 1;\n', 'README.md': '# app\n', 'notes.txt': 'v1\n' });
    git(repo, 'init', '--quiet', '--initial-branch=main');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'initial');
    base = git(repo, 'rev-parse', 'HEAD').trim();
    // The user is mid-work: a dirty file, a staged change and an untracked file.
    writeTree(repo, { 'src/app.js': 'module.exports = 2; // editing\n', 'notes.txt': 'v2 staged\n', 'scratch.tmp': 'untracked\n' });
    git(repo, 'add', 'notes.txt');
  });
  afterEach(() => tmp.cleanup());

  const publish = (files = FILES, from: string | undefined = base) =>
    commitOnNewBranch({ repo, base: from, branch: BRANCH, files, message: commitMessage(RUN, 'hello', files), scratchDir: tmp.path });

  it('adds one commit on the base whose tree is the base tree plus the files, leaving the checkout exactly as it was', async () => {
    const before = checkoutState(repo);
    const result = await publish();
    expect(result.created).toBe(true);
    expect(checkoutState(repo)).toEqual(before);
    expect(git(repo, 'rev-parse', `refs/heads/${BRANCH}`).trim()).toBe(result.commit);
    expect(git(repo, 'rev-list', `${base}..${BRANCH}`).trim().split('\n')).toEqual([result.commit]);
    expect(git(repo, 'rev-parse', `${result.commit}^`).trim()).toBe(base);
    expect(git(repo, 'diff', '--name-only', `${base}..${BRANCH}`).trim().split('\n')).toEqual(['.github/workflows/ci.yml', 'ci/smoke.sh']);
    expect(git(repo, 'ls-tree', '-r', '--name-only', BRANCH).trim().split('\n')).toEqual(['.github/workflows/ci.yml', 'README.md', 'ci/smoke.sh', 'notes.txt', 'src/app.js']);
    // The base's own content, not the user's staged or dirty versions.
    expect(git(repo, 'show', `${BRANCH}:notes.txt`)).toBe('v1\n');
    expect(git(repo, 'show', `${BRANCH}:src/app.js`)).toBe('module.exports = 1;\n');
    expect(git(repo, 'show', `${BRANCH}:.github/workflows/ci.yml`)).toBe('on: push\n');
    expect(git(repo, 'ls-tree', BRANCH, 'ci/smoke.sh')).toMatch(/^100755 blob /);
  });

  it('commits as Jetway, with a message naming the run and every file', async () => {
    const { commit } = await publish();
    expect(git(repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', commit).trim()).toBe('Jetway <jetway@localhost>|Jetway <jetway@localhost>');
    const message = git(repo, 'log', '-1', '--format=%B', commit);
    expect(message).toContain(`run ${RUN}`);
    expect(message).toContain('- .github/workflows/ci.yml\n- ci/smoke.sh');
  });

  it("uses the repository's own user when it configures one", async () => {
    git(repo, 'config', '--local', 'user.name', 'Ada Lovelace');
    git(repo, 'config', '--local', 'user.email', 'ada@example.com');
    const { commit } = await publish();
    expect(git(repo, 'log', '-1', '--format=%an <%ae>', commit).trim()).toBe('Ada Lovelace <ada@example.com>');
  });

  it('is idempotent: a redelivery finds the branch with the same tree and writes nothing', async () => {
    const first = await publish();
    const refsBefore = git(repo, 'for-each-ref');
    const again = await publish();
    expect(again).toEqual({ commit: first.commit, created: false });
    expect(git(repo, 'for-each-ref')).toBe(refsBefore);
  });

  it('refuses a branch of that name holding something else, and leaves it where it was', async () => {
    git(repo, 'branch', BRANCH, base);
    await expect(publish()).rejects.toMatchObject({
      name: 'PermanentError',
      message: `branch ${BRANCH} already exists at ${base.slice(0, 12)} with other content; Jetway never moves an existing branch (delete it to publish again)`,
    });
    expect(git(repo, 'rev-parse', BRANCH).trim()).toBe(base);
  });

  it('replaces a file the base already has, and refuses a file where the base has a directory', async () => {
    const { commit } = await publish([file('README.md', '# app, with CI\n')]);
    expect(git(repo, 'diff', '--name-only', `${base}..${commit}`).trim()).toBe('README.md');
    git(repo, 'branch', '-D', BRANCH);
    await expect(publish([file('src', 'not a directory\n')])).rejects.toMatchObject({ name: 'PermanentError', message: expect.stringContaining("do not fit the project's tree") });
  });

  it('starts a repository without commits with a root commit holding only the files', async () => {
    const empty = join(tmp.path, 'empty');
    writeTree(empty, { 'untracked.txt': 'x\n' });
    git(empty, 'init', '--quiet', '--initial-branch=main');
    const { commit } = await commitOnNewBranch({ repo: empty, base: undefined, branch: BRANCH, files: FILES, message: 'm', scratchDir: tmp.path });
    expect(git(empty, 'rev-list', '--count', commit).trim()).toBe('1');
    expect(git(empty, 'ls-tree', '-r', '--name-only', commit).trim().split('\n')).toEqual(['.github/workflows/ci.yml', 'ci/smoke.sh']);
    expect(git(empty, 'status', '--porcelain=v1')).toBe('?? untracked.txt\n');
  });
});
