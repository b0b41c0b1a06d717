import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, writeTree } from '../../drivers/command/fixtures.testing';
import type { BundleFile } from './bundle';
import { writePatch } from './patch';

const file = (path: string, content: string, executable = false): BundleFile => ({ path, content: Buffer.from(content), executable });

describe('writePatch', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let project: string;
  beforeEach(() => {
    tmp = makeTempDir('patch');
    project = join(tmp.path, 'project');
    writeTree(project, { 'index.js': 'console.log(1);\n', 'README.md': '# app\n' });
  });
  afterEach(() => tmp.cleanup());

  const apply = (dir: string, patch: string, ...flags: string[]) =>
    execFileSync('git', ['apply', ...flags, patch], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

  it('writes a patch that git apply --check accepts in a copy and that creates exactly the files', async () => {
    const files = [file('.github/workflows/ci.yml', 'on: push\njobs: {}\n'), file('ci/smoke.sh', '#!/bin/sh\necho ok', true), file('README.md', '# app\n\nCI by Jetway\n')];
    const patchPath = join(tmp.path, 'project.jetway-ci-setup.patch');
    const scratch = join(tmp.path, 'scratch');
    writeTree(scratch, {});
    expect(await writePatch(project, files, patchPath, scratch)).toBe(true);
    expect(readdirSync(project).sort()).toEqual(['README.md', 'index.js']);

    const copy = join(tmp.path, 'copy');
    cpSync(project, copy, { recursive: true });
    apply(copy, patchPath, '--check');
    apply(copy, patchPath);
    expect(readFileSync(join(copy, '.github/workflows/ci.yml'), 'utf8')).toBe('on: push\njobs: {}\n');
    expect(readFileSync(join(copy, 'ci/smoke.sh'), 'utf8')).toBe('#!/bin/sh\necho ok');
    expect(statSync(join(copy, 'ci/smoke.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(copy, 'README.md'), 'utf8')).toBe('# app\n\nCI by Jetway\n');
    expect(readFileSync(join(copy, 'index.js'), 'utf8')).toBe('console.log(1);\n');
    const patch = readFileSync(patchPath, 'utf8');
    expect(patch).toContain('new file mode 100644\n');
    expect(patch).toContain('--- /dev/null\n+++ b/.github/workflows/ci.yml\n');
    expect(existsSync(`${patchPath}.partial`)).toBe(false);
  });

  it('writes nothing when the directory already holds exactly these files', async () => {
    const patchPath = join(tmp.path, 'same.patch');
    expect(await writePatch(project, [file('README.md', '# app\n')], patchPath, tmp.path)).toBe(false);
    expect(existsSync(patchPath)).toBe(false);
  });

  it('refuses a bundle file where the directory has a directory', async () => {
    writeTree(project, { 'ci.yml/keep': 'x' });
    await expect(writePatch(project, [file('ci.yml', 'on: push\n')], join(tmp.path, 'p.patch'), tmp.path)).rejects.toMatchObject({
      name: 'PermanentError',
      message: 'the project has a directory at ci.yml, where the generated bundle puts a file',
    });
  });
});
