import type { ProjectComponent } from '@jetway/contracts';
import type { CacheSpec, ToolchainFamily } from './pipeline-model';
import { joinPath } from './shell';

/** Which toolchain builds a component: its package manager decides (a TypeScript app is built by Node). */
export function familyOf(component: Pick<ProjectComponent, 'package_manager'>): ToolchainFamily {
  switch (component.package_manager) {
    case 'npm':
    case 'pnpm':
    case 'yarn':
      return 'node';
    case 'pip':
    case 'poetry':
    case 'uv':
      return 'python';
    case 'go':
      return 'go';
    case 'maven':
    case 'gradle':
      return 'java';
    case 'cargo':
      return 'rust';
    case 'dotnet':
      return 'dotnet';
  }
}

/** Used when the project names no version: current long-term releases. */
export const DEFAULT_VERSIONS: Readonly<Record<ToolchainFamily, string>> = {
  node: '22',
  python: '3.12',
  go: '1.23',
  java: '21',
  rust: '1.83',
  dotnet: '8.0',
};

/** How many version parts a family's images and setup actions are keyed on (node 22, python 3.12). */
const PARTS: Readonly<Record<ToolchainFamily, number>> = { node: 1, python: 2, go: 2, java: 1, rust: 2, dotnet: 2 };

/**
 * The concrete versions to build on, ascending and without repeats: `>=20`, `^20.1`, `v22.11.0`
 * and `22` give `20` and `22` for Node; `>=3.9` gives `3.9` for Python. A range's lower bound is
 * the oldest version the project claims to support, so the matrix checks that claim.
 */
export function concreteVersions(family: ToolchainFamily, declared: readonly string[]): string[] {
  const found = new Set<string>();
  for (const entry of declared) {
    const match = /(\d+)(?:\.(\d+))?/.exec(entry.replace(/^[^\d]*/, ''));
    if (!match) continue;
    const parts = [match[1], match[2] ?? '0'].slice(0, PARTS[family]);
    found.add(parts.join('.'));
  }
  if (found.size === 0) found.add(DEFAULT_VERSIONS[family]);
  return [...found].sort(compareVersions);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The official image a job of this family runs in, at `version` (GitLab CI, CircleCI, Jenkins). */
export function toolchainImage(family: ToolchainFamily, version: string, packageManager: ProjectComponent['package_manager']): string {
  switch (family) {
    case 'node':
      return `node:${version}`;
    case 'python':
      return `python:${version}`;
    case 'go':
      return `golang:${version}`;
    case 'java':
      return packageManager === 'gradle' ? `gradle:8-jdk${version}` : `maven:3.9-eclipse-temurin-${version}`;
    case 'rust':
      return `rust:${version}`;
    case 'dotnet':
      return `mcr.microsoft.com/dotnet/sdk:${version}`;
  }
}

interface CacheShape {
  name: string;
  homePaths: string[];
  projectPath: string;
  projectEnv: Record<string, string>;
}

const CACHES: Readonly<Record<ProjectComponent['package_manager'], CacheShape>> = {
  npm: { name: 'npm', homePaths: ['~/.npm'], projectPath: '.cache/npm', projectEnv: { npm_config_cache: '{root}/.cache/npm' } },
  pnpm: { name: 'pnpm', homePaths: ['~/.local/share/pnpm/store'], projectPath: '.cache/pnpm', projectEnv: { npm_config_store_dir: '{root}/.cache/pnpm' } },
  yarn: { name: 'yarn', homePaths: ['~/.cache/yarn'], projectPath: '.cache/yarn', projectEnv: { YARN_CACHE_FOLDER: '{root}/.cache/yarn' } },
  pip: { name: 'pip', homePaths: ['~/.cache/pip'], projectPath: '.cache/pip', projectEnv: { PIP_CACHE_DIR: '{root}/.cache/pip' } },
  poetry: { name: 'poetry', homePaths: ['~/.cache/pypoetry'], projectPath: '.cache/pypoetry', projectEnv: { POETRY_CACHE_DIR: '{root}/.cache/pypoetry' } },
  uv: { name: 'uv', homePaths: ['~/.cache/uv'], projectPath: '.cache/uv', projectEnv: { UV_CACHE_DIR: '{root}/.cache/uv' } },
  go: { name: 'go', homePaths: ['~/go/pkg/mod', '~/.cache/go-build'], projectPath: '.cache/go', projectEnv: { GOMODCACHE: '{root}/.cache/go/mod', GOCACHE: '{root}/.cache/go/build' } },
  maven: { name: 'maven', homePaths: ['~/.m2/repository'], projectPath: '.cache/m2', projectEnv: { MAVEN_OPTS: '-Dmaven.repo.local={root}/.cache/m2' } },
  gradle: { name: 'gradle', homePaths: ['~/.gradle/caches'], projectPath: '.cache/gradle', projectEnv: { GRADLE_USER_HOME: '{root}/.cache/gradle' } },
  cargo: { name: 'cargo', homePaths: ['~/.cargo/registry'], projectPath: '.cache/cargo', projectEnv: { CARGO_HOME: '{root}/.cache/cargo' } },
  dotnet: { name: 'nuget', homePaths: ['~/.nuget/packages'], projectPath: '.cache/nuget', projectEnv: { NUGET_PACKAGES: '{root}/.cache/nuget' } },
};

/**
 * The dependency cache of a component, keyed on its lockfile; a Maven project has none and is
 * keyed on its `pom.xml`. `undefined` (with the reason) when there is nothing stable to key on.
 */
export function cacheOf(component: ProjectComponent): { cache: CacheSpec } | { cache: undefined; reason: string } {
  const shape = CACHES[component.package_manager];
  const keyFile = component.lockfile ?? (component.package_manager === 'maven' ? joinPath(component.path, 'pom.xml') : undefined);
  if (keyFile === undefined) return { cache: undefined, reason: `${component.path}: no lockfile, so no dependency cache (nothing stable to key it on)` };
  return { cache: { ...shape, keyFiles: [keyFile] } };
}

/** `projectEnv` with `{root}` replaced by the platform's project directory (`$CI_PROJECT_DIR`, `$WORKSPACE`). */
export function projectEnvAt(cache: CacheSpec, root: string): Record<string, string> {
  return Object.fromEntries(Object.entries(cache.projectEnv).map(([name, value]) => [name, value.split('{root}').join(root)]));
}
