import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Test helpers (not a spec): real temp directories and real git repositories. */
export function makeTempDir(label: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `jetway-${label}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A repository whose tag `v1` has `app.txt` = "one" and whose HEAD (branch main) has "two". */
export function makeGitRepo(root: string): string {
  mkdirSync(root, { recursive: true });
  git(root, 'init', '--quiet', '--initial-branch=main');
  writeTree(root, { 'app.txt': 'one\n', 'build.sh': 'mkdir -p dist && cp app.txt dist/\n' });
  git(root, 'add', '.');
  git(root, 'commit', '--quiet', '-m', 'one');
  git(root, 'tag', 'v1');
  writeTree(root, { 'app.txt': 'two\n' });
  git(root, 'commit', '--quiet', '-am', 'two');
  return root;
}
