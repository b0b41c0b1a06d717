import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@jetway/messaging';
import { commitAll, createCiFixture, runGit, type CiFixture } from '@jetway/testing';
import { describeFsError, materializeProject } from './project-source';
import { TempTrees } from './tree.testing';

describe('materializeProject', () => {
  const trees = new TempTrees();
  const fixtures: CiFixture[] = [];
  afterAll(() => {
    fixtures.forEach((fixture) => fixture.cleanup());
    trees.cleanup();
  });
  const fixture = (git: boolean): CiFixture => {
    const made = createCiFixture('node-app', { git });
    fixtures.push(made);
    return made;
  };
  const repoState = (path: string) => ({
    head: runGit(path, 'rev-parse', 'HEAD'),
    branch: runGit(path, 'symbolic-ref', 'HEAD'),
    status: runGit(path, 'status', '--porcelain', '--untracked-files=all'),
    index: readFileSync(join(path, '.git/index')).toString('base64'),
  });

  it("takes a repository's committed tree at HEAD: no uncommitted or untracked file, no .git, and the repository untouched", async () => {
    const repo = fixture(true);
    writeFileSync(join(repo.path, 'src/greet.js'), 'dirty, uncommitted\n');
    writeFileSync(join(repo.path, 'untracked.txt'), 'not committed\n');
    const before = repoState(repo.path);
    const into = trees.dir({});
    const taken = await materializeProject({ path: repo.path }, into);
    expect(taken).toMatchObject({ kind: 'git', commit: repo.commit });
    expect(readFileSync(join(into, 'src/greet.js'), 'utf8')).toContain('function greet');
    expect(existsSync(join(into, 'untracked.txt'))).toBe(false);
    expect(existsSync(join(into, '.git'))).toBe(false);
    expect(repoState(repo.path)).toEqual(before);
    expect(readFileSync(join(repo.path, 'src/greet.js'), 'utf8')).toBe('dirty, uncommitted\n');
  });

  it('takes the commit a ref names, not the checkout', async () => {
    const repo = fixture(true);
    runGit(repo.path, 'tag', 'v1');
    writeFileSync(join(repo.path, 'CHANGELOG.md'), 'v2\n');
    const second = commitAll(repo.path, 'second');
    const into = trees.dir({});
    const taken = await materializeProject({ path: repo.path, ref: 'v1' }, into);
    expect(taken.commit).toBe(repo.commit);
    expect(taken.commit).not.toBe(second);
    expect(existsSync(join(into, 'CHANGELOG.md'))).toBe(false);
    expect(taken.notes).toEqual([]);
  });

  it('notes export-ignore attributes and submodules, which git archive leaves out', async () => {
    const repo = fixture(true);
    writeFileSync(join(repo.path, '.gitattributes'), 'scripts/ export-ignore\n');
    writeFileSync(join(repo.path, '.gitmodules'), '[submodule "x"]\n\tpath = x\n\turl = ../x\n');
    commitAll(repo.path, 'attributes');
    const into = trees.dir({});
    const taken = await materializeProject({ path: repo.path }, into);
    expect(existsSync(join(into, 'scripts/build.js'))).toBe(false);
    expect(taken.notes).toEqual([
      '.gitattributes marks paths export-ignore: git archive left them out of the analysed tree',
      'the repository has submodules (.gitmodules): their contents are not in the analysed tree',
    ]);
  });

  it("copies a plain directory's files without .git, dependency or cache directories, links kept as links", async () => {
    const dir = fixture(false);
    mkdirSync(join(dir.path, 'node_modules/left-pad'), { recursive: true });
    writeFileSync(join(dir.path, 'node_modules/left-pad/index.js'), '');
    mkdirSync(join(dir.path, '__pycache__'));
    symlinkSync('/etc/hostname', join(dir.path, 'host-link'));
    const into = trees.dir({});
    const taken = await materializeProject({ path: dir.path, ref: 'main' }, into);
    expect(taken).toEqual({ kind: 'directory', notes: [`ref 'main' ignored: ${dir.path} is not a git repository`] });
    expect(readdirSync(into).sort()).toEqual(['.github', '.gitignore', '.nvmrc', 'Dockerfile', 'host-link', 'package-lock.json', 'package.json', 'scripts', 'src', 'test']);
  });

  it('notes a directory that is inside a repository but not its top', async () => {
    const repo = fixture(true);
    const into = trees.dir({});
    const taken = await materializeProject({ path: join(repo.path, 'src') }, into);
    expect(taken.kind).toBe('directory');
    expect(taken.notes[0]).toMatch(/ is inside the git repository .+: analysed as a plain directory \(its files as they are, uncommitted changes included\)$/);
    expect(readdirSync(into)).toEqual(['greet.js', 'server.js']);
  });

  it('refuses, naming the path and the cause: missing, relative, a file, an unknown ref, a repository without commits', async () => {
    const into = trees.dir({});
    const refusal = (project: { path: string; ref?: string }) => materializeProject(project, into).then(() => 'no error', (error: unknown) => (error instanceof PermanentError ? error.message : `not permanent: ${String(error)}`));
    const missing = join(trees.dir({}), 'gone');
    expect(await refusal({ path: missing })).toBe(`project_path: ${missing} does not exist`);
    expect(await refusal({ path: 'relative/app' })).toBe("project_path: 'relative/app' must be an absolute path");
    const file = join(trees.dir({ 'a.txt': '' }), 'a.txt');
    expect(await refusal({ path: file })).toBe(`project_path: ${file} is not a directory`);
    expect(await refusal({ path: `${file}/below` })).toBe(`project_path: ${file}/below is not a directory`);
    const repo = fixture(true);
    expect(await refusal({ path: repo.path, ref: 'no-such-branch' })).toBe(`ref: 'no-such-branch' is not a commit in ${repo.path}`);
    expect(await refusal({ path: repo.path, ref: '--output=/tmp/x' })).toBe("ref: '--output=/tmp/x' is not a ref; give a branch, tag or commit");
    const empty = trees.dir({});
    runGit(empty, 'init', '--quiet');
    expect(await refusal({ path: empty })).toBe(`ref: 'HEAD' is not a commit in ${empty} (a repository without commits?)`);
  });

  // root reads every directory, and tests here run as root: the words for a refused read are checked on the error itself.
  it('says a directory it may not read is not readable, naming the code', () => {
    expect(describeFsError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe('is not readable (permission denied, EACCES)');
    expect(describeFsError(Object.assign(new Error('EPERM'), { code: 'EPERM' }))).toBe('is not readable (permission denied, EPERM)');
  });
});
