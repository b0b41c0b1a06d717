import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@jetway/messaging';
import { makeGitRepo, makeTempDir, writeTree } from './fixtures.testing';
import { prepareWorkspace } from './workspace.driver';

describe('prepareWorkspace', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('workspace')));
  afterEach(() => tmp.cleanup());

  it('copies a directory without .git and node_modules at any depth', async () => {
    const source = join(tmp.path, 'src');
    writeTree(source, {
      'index.js': 'console.log(1)',
      'lib/util.js': 'x',
      '.git/HEAD': 'ref',
      'node_modules/a/index.js': 'a',
      'lib/node_modules/b/index.js': 'b',
    });
    const work = join(tmp.path, 'ws');
    await prepareWorkspace({ type: 'directory', location: source }, work);
    expect(readFileSync(join(work, 'index.js'), 'utf8')).toBe('console.log(1)');
    expect(existsSync(join(work, 'lib/util.js'))).toBe(true);
    expect(existsSync(join(work, '.git'))).toBe(false);
    expect(existsSync(join(work, 'node_modules'))).toBe(false);
    expect(existsSync(join(work, 'lib/node_modules'))).toBe(false);
  });

  it('names the field when the directory does not exist', async () => {
    const missing = join(tmp.path, 'nope');
    const attempt = prepareWorkspace({ type: 'directory', location: missing }, join(tmp.path, 'ws'));
    await expect(attempt).rejects.toThrow(PermanentError);
    await expect(attempt).rejects.toThrow(`artifact_source.location: ${missing} does not exist`);
  });

  it('refuses a relative location', async () => {
    await expect(prepareWorkspace({ type: 'directory', location: 'src' }, join(tmp.path, 'ws'))).rejects.toThrow(
      "artifact_source.location: 'src' must be an absolute path",
    );
  });

  it('clones a local git repository at a tag', async () => {
    const repo = makeGitRepo(join(tmp.path, 'repo'));
    const work = join(tmp.path, 'ws');
    await prepareWorkspace({ type: 'git', location: repo, version: 'v1' }, work);
    expect(readFileSync(join(work, 'app.txt'), 'utf8')).toBe('one\n');
  });

  it('clones a local git repository at HEAD', async () => {
    const repo = makeGitRepo(join(tmp.path, 'repo'));
    const work = join(tmp.path, 'ws');
    await prepareWorkspace({ type: 'git', location: repo, version: 'HEAD' }, work);
    expect(readFileSync(join(work, 'app.txt'), 'utf8')).toBe('two\n');
  });

  it('names the version when the ref does not exist', async () => {
    const repo = makeGitRepo(join(tmp.path, 'repo'));
    const attempt = prepareWorkspace({ type: 'git', location: repo, version: 'v9' }, join(tmp.path, 'ws'));
    await expect(attempt).rejects.toThrow(PermanentError);
    await expect(attempt).rejects.toThrow(`artifact_source.version: ref 'v9' not found in ${repo}`);
  });

  it('refuses a version that git would read as an option', async () => {
    const repo = makeGitRepo(join(tmp.path, 'repo'));
    await expect(
      prepareWorkspace({ type: 'git', location: repo, version: '--orphan=x' }, join(tmp.path, 'ws')),
    ).rejects.toThrow("artifact_source.version: '--orphan=x' is not a ref");
  });

  it('says when the location is not a git repository', async () => {
    const plain = join(tmp.path, 'plain');
    writeTree(plain, { 'a.txt': 'a' });
    await expect(
      prepareWorkspace({ type: 'git', location: plain, version: 'HEAD' }, join(tmp.path, 'ws')),
    ).rejects.toThrow(`artifact_source.location: ${plain} is not a git repository`);
  });

  it.each(['container_registry', 's3', 'artifact_registry'] as const)('refuses source type %s', async (type) => {
    const attempt = prepareWorkspace({ type, location: 'registry.example.com/app' }, join(tmp.path, 'ws'));
    await expect(attempt).rejects.toThrow(PermanentError);
    await expect(attempt).rejects.toThrow(
      `artifact_source.type '${type}' is not supported by the command driver yet; use 'directory' or 'git'`,
    );
  });
});
