import type { ProjectComponent } from '@jetway/contracts';
import { findUp, type DetectContext } from '../detector';
import type { PackageJson } from './package-json';

export type NodePackageManager = Extract<ProjectComponent['package_manager'], 'npm' | 'pnpm' | 'yarn'>;

/** The package manager of a Node component, the lockfile it caches on, and what could not be decided. */
export interface NodeManager {
  manager: NodePackageManager;
  lockfile?: string;
  /** yarn 2+ ("berry"), whose install flags differ from yarn 1's. */
  yarnBerry: boolean;
  notes: string[];
}

const LOCKFILES: readonly [string, NodePackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * By lockfile in the component's directory, else the workspace root's, else the project root's;
 * without one, by `packageManager` (corepack), else npm. Bun's lockfile is named in a note: the
 * contract has no `bun`.
 */
export function nodeManagerOf(context: DetectContext, pkg: PackageJson, rootPkg: PackageJson | undefined): NodeManager {
  const notes: string[] = [];
  const declared = (pkg.packageManager ?? rootPkg?.packageManager)?.split('@');
  for (const [name, manager] of LOCKFILES) {
    const lockfile = findUp(context, name);
    if (lockfile === undefined) continue;
    const others = LOCKFILES.filter(([other, otherManager]) => otherManager !== manager && findUp(context, other) !== undefined);
    if (others.length > 0) notes.push(`${where(context)} has several lockfiles (${[lockfile, ...others.map(([other]) => other)].join(', ')}); ${manager} chosen by ${lockfile}`);
    return { manager, lockfile, yarnBerry: manager === 'yarn' && isBerry(context, declared), notes };
  }
  const bun = findUp(context, 'bun.lock', 'bun.lockb');
  if (bun) notes.push(`${bun} found: bun is not a package manager the pipeline supports; npm assumed`);
  const fromField = declared?.[0];
  const manager: NodePackageManager = fromField === 'pnpm' || fromField === 'yarn' ? fromField : 'npm';
  notes.push(`${where(context)} has no lockfile: installs are not reproducible and dependency caching has no key (${manager} assumed${fromField ? ' from packageManager' : ''})`);
  return { manager, yarnBerry: manager === 'yarn' && isBerry(context, declared), notes };
}

function isBerry(context: DetectContext, declared: string[] | undefined): boolean {
  const major = Number((declared?.[1] ?? '').split('.')[0]);
  return findUp(context, '.yarnrc.yml') !== undefined || (declared?.[0] === 'yarn' && major >= 2);
}

function where(context: DetectContext): string {
  return context.dir === '.' ? 'the project' : context.dir;
}

/** The install command: the frozen-lockfile form when there is a lockfile. */
export function installCommand(pm: NodeManager): string {
  const locked = pm.lockfile !== undefined;
  switch (pm.manager) {
    case 'pnpm':
      return locked ? 'pnpm install --frozen-lockfile' : 'pnpm install';
    case 'yarn':
      if (!locked) return 'yarn install';
      return pm.yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile';
    default:
      return locked ? 'npm ci' : 'npm install';
  }
}

/** The command running script `name` (`npm test`, `npm run build`, `yarn build` …). */
export function runScript(manager: NodePackageManager, name: string): string {
  if (name === 'test') return `${manager} test`;
  return manager === 'yarn' ? `yarn ${name}` : `${manager} run ${name}`;
}
