import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { goModuleFiles } from './go-module.fixture';
import { mavenProjectFiles } from './maven-project.fixture';
import { nodeAppFiles } from './node-app.fixture';
import { nodeMonorepoFiles } from './node-monorepo.fixture';
import { pythonAppFiles } from './python-app.fixture';

/** The fixture projects for the CI/CD setup pipeline's tests; each has a passing test. */
export const CI_FIXTURES = {
  'node-app': nodeAppFiles,
  'node-monorepo': nodeMonorepoFiles,
  'python-app': pythonAppFiles,
  'go-module': goModuleFiles,
  'maven-project': mavenProjectFiles,
} as const;
export type CiFixtureName = keyof typeof CI_FIXTURES;
export const CI_FIXTURE_NAMES = Object.keys(CI_FIXTURES) as CiFixtureName[];

export interface CiFixtureOptions {
  /** Make it a git repository (branch `main`) with all files in one commit. */
  git?: boolean;
  /** Directory to create the project in (created; must not hold other files); default a new temp dir. */
  dir?: string;
}

export interface CiFixture {
  readonly name: CiFixtureName;
  /** Absolute path of the project root. */
  readonly path: string;
  /** The commit holding the files, for a git fixture. */
  readonly commit?: string;
  /** Removes the project directory. */
  cleanup(): void;
}

/** The files of a fixture project (paths relative to its root → content). */
export function ciFixtureFiles(name: CiFixtureName): Record<string, string> {
  return CI_FIXTURES[name]();
}

/** Writes the fixture project `name` to disk, optionally as a git repository with one commit. */
export function createCiFixture(name: CiFixtureName, options: CiFixtureOptions = {}): CiFixture {
  const path = options.dir ?? mkdtempSync(join(tmpdir(), `jetway-ci-${name}-`));
  mkdirSync(path, { recursive: true });
  writeFiles(path, ciFixtureFiles(name));
  const commit = options.git ? commitAll(path, `${name}: initial commit`) : undefined;
  return { name, path, ...(commit ? { commit } : {}), cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → content) under `root`, creating directories. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Runs the real `git` in `cwd` and returns its stdout, trimmed. */
export function runGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
}

/** `git init` (branch `main`, a local identity) when needed, then commits everything; returns the commit id. */
export function commitAll(root: string, message: string): string {
  if (!isRepository(root)) {
    runGit(root, 'init', '--quiet', '--initial-branch=main');
    runGit(root, 'config', 'user.name', 'Jetway Fixture');
    runGit(root, 'config', 'user.email', 'fixture@jetway.test');
    runGit(root, 'config', 'commit.gpgsign', 'false');
  }
  runGit(root, 'add', '--all');
  runGit(root, 'commit', '--quiet', '--no-verify', '-m', message);
  return runGit(root, 'rev-parse', 'HEAD');
}

function isRepository(root: string): boolean {
  try {
    return runGit(root, 'rev-parse', '--show-toplevel') === realpathSync(root);
  } catch {
    return false;
  }
}
