import { parse as parseYaml } from 'yaml';
import type { Workspace } from '../detector';
import type { ProjectTree } from '../project-tree';
import { inDir } from '../project-tree';
import { expandMemberGlobs } from '../workspace-globs';
import { parsePackageJson } from './package-json';

/**
 * The Node workspaces of the root: `pnpm-workspace.yaml` (read with the yaml parser), the root
 * package.json's `workspaces` (npm, or yarn when yarn.lock is there), else `lerna.json`'s
 * `packages`. Members are the matching directories that hold a package.json.
 */
export function nodeWorkspaceOf(tree: ProjectTree): Workspace | undefined {
  const isPackage = (dir: string): boolean => tree.has(inDir(dir, 'package.json'));
  const notes: string[] = [];
  const declared = pnpmPackages(tree, notes) ?? rootWorkspaces(tree) ?? lernaPackages(tree);
  if (!declared) return undefined;
  const [tool, patterns] = declared;
  const members = expandMemberGlobs(tree, patterns, isPackage);
  if (members.length === 0 && patterns.length > 0) notes.push(`${tool}: the patterns ${patterns.join(', ')} match no directory with a package.json`);
  return { tool, members, builds: 'members', notes };
}

function pnpmPackages(tree: ProjectTree, notes: string[]): [string, string[]] | undefined {
  const text = tree.read('pnpm-workspace.yaml');
  if (text === undefined) return undefined;
  try {
    const packages = (parseYaml(text) as { packages?: unknown } | null)?.packages;
    return ['pnpm-workspaces', Array.isArray(packages) ? packages.filter((item): item is string => typeof item === 'string') : []];
  } catch (error) {
    notes.push(`pnpm-workspace.yaml does not parse as YAML (${(error as Error).message.split('\n')[0]}); its members are unknown`);
    return ['pnpm-workspaces', []];
  }
}

function rootWorkspaces(tree: ProjectTree): [string, string[]] | undefined {
  const text = tree.read('package.json');
  if (text === undefined) return undefined;
  let workspaces: string[];
  try {
    workspaces = parsePackageJson(text, 'package.json').workspaces;
  } catch {
    return undefined; // the root component's detection reports the syntax error
  }
  if (workspaces.length === 0) return undefined;
  return [tree.has('yarn.lock') ? 'yarn-workspaces' : 'npm-workspaces', workspaces];
}

function lernaPackages(tree: ProjectTree): [string, string[]] | undefined {
  const text = tree.read('lerna.json');
  if (text === undefined) return undefined;
  try {
    const packages = (JSON.parse(text) as { packages?: unknown }).packages;
    const list = Array.isArray(packages) ? packages.filter((item): item is string => typeof item === 'string') : ['packages/*'];
    return ['lerna', list];
  } catch {
    return undefined;
  }
}
