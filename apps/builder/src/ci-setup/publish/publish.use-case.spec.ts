import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactObjectName, PublishTriggered } from '@jetway/contracts';
import { git, makeTempDir, writeTree } from '../../drivers/command/fixtures.testing';
import { MemoryObjects } from './memory-objects.testing';
import { publishBundle } from './publish.use-case';

const RUN = '01J0000000000000000000PXBK';
const BRANCH = `jetway/ci-setup-${RUN}`;
const BUNDLE = { '.github/workflows/ci.yml': 'on: push\n', '.gitlab-ci.yml': 'stages: [test]\n' };

describe('publishBundle', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let objects: MemoryObjects;
  let digest: string;
  beforeEach(async () => {
    tmp = makeTempDir('publish');
    objects = new MemoryObjects();
    digest = await objects.putTree(BUNDLE);
  });
  afterEach(() => tmp.cleanup());

  const trigger = (path: string, extra: Partial<PublishTriggered> = {}) =>
    PublishTriggered.parse({ run_id: RUN, step_id: 'publish', attempt: 1, application: 'hello', project: { path }, bundle_digest: digest, branch: BRANCH, ...extra });
  const deps = () => ({ workRoot: join(tmp.path, 'work'), objects });

  function repoWithTwoCommits(): { repo: string; first: string; second: string } {
    const repo = join(tmp.path, 'repo');
    writeTree(repo, { 'app.txt': 'one\n' });
    git(repo, 'init', '--quiet', '--initial-branch=main');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'one');
    const first = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'tag', 'v1');
    writeTree(repo, { 'app.txt': 'two\n' });
    git(repo, 'commit', '--quiet', '-am', 'two');
    return { repo, first, second: git(repo, 'rev-parse', 'HEAD').trim() };
  }

  it('commits the bundle on the branch from HEAD, naming files, branch and commit; the scratch directory is gone', async () => {
    const { repo, second } = repoWithTwoCommits();
    const result = await publishBundle(trigger(repo), deps());
    expect(result.reason).toBeUndefined();
    expect(result.outputs).toEqual({ files: ['.github/workflows/ci.yml', '.gitlab-ci.yml'], branch: BRANCH, commit: git(repo, 'rev-parse', BRANCH).trim() });
    expect(git(repo, 'rev-parse', `${BRANCH}^`).trim()).toBe(second);
    expect(git(repo, 'diff', '--name-only', `${second}..${BRANCH}`).trim().split('\n')).toEqual(['.github/workflows/ci.yml', '.gitlab-ci.yml']);
    expect(readdirSync(join(tmp.path, 'work'))).toEqual([]);
  });

  it('starts at base_commit before the ref, and at the ref before HEAD', async () => {
    const { repo, first, second } = repoWithTwoCommits();
    await publishBundle(trigger(repo, { base_commit: first, project: { path: repo, ref: 'main' } }), deps());
    expect(git(repo, 'rev-parse', `${BRANCH}^`).trim()).toBe(first);
    git(repo, 'branch', '-D', BRANCH);
    await publishBundle(trigger(repo, { project: { path: repo, ref: 'v1' } }), deps());
    expect(git(repo, 'rev-parse', `${BRANCH}^`).trim()).toBe(first);
    expect(second).not.toBe(first);
    await expect(publishBundle(trigger(repo, { base_commit: 'deadbeef' }), deps())).rejects.toMatchObject({
      name: 'PermanentError',
      message: `base_commit: 'deadbeef' is not a commit in ${repo}`,
    });
  });

  it('says so on a redelivery that finds its branch already there', async () => {
    const { repo } = repoWithTwoCommits();
    const first = await publishBundle(trigger(repo), deps());
    const again = await publishBundle(trigger(repo), deps());
    expect(again.outputs).toEqual(first.outputs);
    expect(again.reason).toBe(`branch ${BRANCH} already holds these files at ${first.outputs.commit?.slice(0, 12)}; nothing to do`);
  });

  it('writes a patch next to a plain directory, which git apply --check accepts in a copy', async () => {
    const project = join(tmp.path, 'plain');
    writeTree(project, { 'index.js': 'x\n' });
    const result = await publishBundle(trigger(project), deps());
    const patchFile = join(tmp.path, `plain.jetway-ci-setup-${RUN}.patch`);
    expect(result.outputs).toEqual({ files: ['.github/workflows/ci.yml', '.gitlab-ci.yml'], patch_file: patchFile });
    expect(readdirSync(project)).toEqual(['index.js']);
    const copy = join(tmp.path, 'copy');
    cpSync(project, copy, { recursive: true });
    execFileSync('git', ['apply', '--check', patchFile], { cwd: copy });
  });

  it('treats a subdirectory of a repository as a plain directory: a patch, and no branch in the enclosing repository', async () => {
    const { repo } = repoWithTwoCommits();
    const sub = join(repo, 'services', 'api');
    writeTree(sub, { 'main.go': 'package main\n' });
    const result = await publishBundle(trigger(sub), deps());
    expect(result.outputs.patch_file).toBe(join(repo, 'services', `api.jetway-ci-setup-${RUN}.patch`));
    expect(git(repo, 'branch', '--list', BRANCH)).toBe('');
  });

  it.each([
    ['a relative path', 'relative/dir', "project.path: 'relative/dir' must be an absolute path"],
    ['a missing path', '/nonexistent/jetway-project', 'project.path: /nonexistent/jetway-project does not exist'],
  ])('refuses %s', async (_name, path, message) => {
    await expect(publishBundle(trigger(path), deps())).rejects.toMatchObject({ name: 'PermanentError', message });
  });

  it('refuses a bundle whose bytes are not its digest', async () => {
    const project = join(tmp.path, 'plain');
    writeTree(project, { 'index.js': 'x\n' });
    objects.objects.set(artifactObjectName(digest), Buffer.from('something else'));
    await expect(publishBundle(trigger(project), deps())).rejects.toMatchObject({ name: 'PermanentError', message: expect.stringContaining('reads back as sha256:') });
    expect(existsSync(join(tmp.path, `plain.jetway-ci-setup-${RUN}.patch`))).toBe(false);
    expect(readFileSync(join(project, 'index.js'), 'utf8')).toBe('x\n');
  });
});
