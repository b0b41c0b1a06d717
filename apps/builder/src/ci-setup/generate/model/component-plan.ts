import type { ProjectComponent } from '@jetway/contracts';
import { coverageGate } from './coverage';
import type { ComponentCommands, ComponentPlan, ToolchainFamily } from './pipeline-model';
import { dirOf, inDir, normalizeDir, relativeDir, slug } from './shell';
import { cacheOf, compareVersions, concreteVersions, familyOf } from './toolchains';

/** What the project's own files did not say, by package manager: how to install and build. */
const DEFAULT_INSTALL: Readonly<Record<ProjectComponent['package_manager'], (locked: boolean) => string | undefined>> = {
  npm: (locked) => (locked ? 'npm ci' : 'npm install'),
  pnpm: (locked) => `pnpm install${locked ? ' --frozen-lockfile' : ''}`,
  yarn: (locked) => `yarn install${locked ? ' --frozen-lockfile' : ''}`,
  pip: () => undefined,
  poetry: () => 'poetry install --no-interaction',
  uv: (locked) => `uv sync${locked ? ' --frozen' : ''}`,
  go: () => 'go mod download',
  maven: () => undefined,
  gradle: () => undefined,
  cargo: (locked) => `cargo fetch${locked ? ' --locked' : ''}`,
  dotnet: () => 'dotnet restore',
};

const DEFAULT_BUILD: Readonly<Partial<Record<ProjectComponent['package_manager'], string>>> = {
  go: 'go build ./...',
  maven: 'mvn -B -DskipTests package',
  gradle: 'gradle assemble',
  cargo: 'cargo build --locked',
  dotnet: 'dotnet build --no-restore',
};

/** pnpm and yarn come with Node through corepack, which must be switched on first. */
function withCorepack(component: ProjectComponent, command: string): string {
  const needs = component.package_manager === 'pnpm' || component.package_manager === 'yarn';
  return needs && !command.includes('corepack enable') ? `corepack enable && ${command}` : command;
}

/** A pip project whose lockfile is a requirements file installs from it. */
function pipInstall(component: ProjectComponent): string | undefined {
  const lock = component.lockfile;
  if (component.package_manager !== 'pip' || lock === undefined || !/\.txt$/.test(lock)) return undefined;
  return `python -m pip install -r ${lock.split('/').pop() ?? lock}`;
}

/**
 * The commands of one component, each run in the component's directory (as the prove step runs
 * them): the install moves to where the lockfile is (the root of an npm workspace) itself; the
 * build and the coverage-gated test run where they are. These strings are both what every
 * generated configuration runs and what the prove step runs.
 */
export function componentCommands(component: ProjectComponent, family: ToolchainFamily, threshold: number): { commands: ComponentCommands; minVersion?: string; notes: string[] } {
  const dir = normalizeDir(component.path);
  const installDir = component.lockfile ? dirOf(component.lockfile) : dir;
  const gate = coverageGate(family, component, threshold);
  const baseInstall = component.install_command ?? pipInstall(component) ?? DEFAULT_INSTALL[component.package_manager](component.lockfile !== undefined);
  const installParts = [baseInstall && withCorepack(component, baseInstall), gate.installExtra].filter((part): part is string => Boolean(part));
  const build = component.build_command ?? DEFAULT_BUILD[component.package_manager];
  const notes = [`${dir}: ${gate.note}`];
  if (!component.test_command) notes.push(`${dir}: no test command found; the test job runs \`${gate.test}\``);
  const commands: ComponentCommands = {
    ...(installParts.length > 0 && { install: inDir(relativeDir(dir, installDir), installParts.join(' && ')) }),
    ...(build && { build: withCorepack(component, build) }),
    test: gate.test,
  };
  return { commands, ...(gate.minVersion && { minVersion: gate.minVersion }), notes };
}

/** Unique, job-safe ids: the component's name, or its directory's, numbered on a clash. */
export function componentIds(components: readonly ProjectComponent[]): string[] {
  const used = new Set<string>();
  return components.map((component) => {
    const base = components.length === 1 ? 'app' : slug(component.name || component.path);
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** One component's plan: toolchain, versions (the matrix), cache, commands. */
export function planComponent(component: ProjectComponent, id: string, threshold: number): { plan: ComponentPlan; notes: string[] } {
  const family = familyOf(component);
  const { commands, minVersion, notes } = componentCommands(component, family, threshold);
  const versions = concreteVersions(family, component.runtime_versions);
  const newest = versions[versions.length - 1] ?? versions[0] ?? '';
  let testVersion = newest;
  if (minVersion !== undefined && compareVersions(newest, minVersion) < 0) {
    testVersion = minVersion;
    notes.push(`${component.path}: the test job runs on ${family} ${minVersion} (the coverage gate needs it; the project names ${versions.join(', ')})`);
  }
  const cached = cacheOf(component);
  if (cached.cache === undefined) notes.push(cached.reason);
  if (versions.length > 1) notes.push(`${component.path}: build matrix over ${family} ${versions.join(', ')} (the versions the project names)`);
  return { plan: { id, source: component, family, versions, testVersion, cache: cached.cache, commands }, notes };
}
