import type { ProjectComponent } from '@jetway/contracts';
import { componentName, findUp, optional, unique, type DetectContext, type Detection } from '../detector';
import { countLanguages } from '../languages';
import { makeCommand } from '../makefile';
import { inDir } from '../project-tree';
import { dockerfileIn } from '../repo-files';
import { coverageToolOf, expandScript, isPlaceholderTest, testFrameworkOf } from './node-tools';
import { parsePackageJson, type PackageJson } from './package-json';
import { installCommand, nodeManagerOf, runScript, type NodeManager } from './package-manager';

/**
 * A JavaScript or TypeScript component: a directory with a package.json. Commands come from its
 * scripts (`build`, `test`), else its Makefile's targets; the install command from the lockfile.
 */
export function detectNodeComponent(context: DetectContext): Detection | undefined {
  const file = inDir(context.dir, 'package.json');
  const text = context.tree.read(file);
  if (text === undefined) return undefined;
  let pkg: PackageJson;
  try {
    pkg = parsePackageJson(text, file);
  } catch (error) {
    return { notes: [`${(error as Error).message}: its scripts and dependencies are unknown`] };
  }
  const pm = nodeManagerOf(context, pkg, rootPackage(context));
  const notes = [...pm.notes];
  const test = isPlaceholderTest(pkg.scripts['test']) ? undefined : runScript(pm.manager, 'test');
  const framework = testFrameworkOf(pkg, expandScript(pkg, 'test'));
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, pkg.name),
    language: isTypeScript(context, pkg) ? 'typescript' : 'javascript',
    package_manager: pm.manager,
    ...(pm.lockfile ? { lockfile: pm.lockfile } : {}),
    runtime_versions: nodeVersions(context, pkg),
    ...commands(context, pkg, pm, test),
    ...(framework ? { test_framework: framework } : {}),
    ...optional('coverage_tool', coverageToolOf(pkg, framework)),
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  if (pkg.scripts['test'] !== undefined && test === undefined) notes.push(`${file}: scripts.test is npm's placeholder ("no test specified"), not a test command`);
  return { component, notes };
}

function commands(context: DetectContext, pkg: PackageJson, pm: NodeManager, test: string | undefined): Pick<ProjectComponent, 'install_command' | 'build_command' | 'test_command'> {
  const build = pkg.scripts['build'] !== undefined ? runScript(pm.manager, 'build') : makeCommand(context.tree, context.dir, 'build');
  const testCommand = test ?? makeCommand(context.tree, context.dir, 'test');
  return {
    install_command: installCommand(pm),
    ...optional('build_command', build),
    ...optional('test_command', testCommand),
  };
}

/** `engines.node`, `volta.node`, `.nvmrc`, `.node-version` (the component's, else the workspace's or project's). */
function nodeVersions(context: DetectContext, pkg: PackageJson): string[] {
  const root = rootPackage(context);
  const fileVersion = (name: string): string | undefined => {
    const path = findUp(context, name);
    const line = path ? context.tree.read(path)?.split(/\r?\n/)[0]?.trim() : undefined;
    return line ? `node ${line.replace(/^v(?=\d)/, '')}` : undefined;
  };
  const engines = pkg.engines['node'] ?? root?.engines['node'];
  const volta = pkg.volta['node'] ?? root?.volta['node'];
  return unique([engines && `node ${engines}`, volta && `node ${volta}`, fileVersion('.nvmrc'), fileVersion('.node-version')]);
}

/** A tsconfig.json, the `typescript` dependency, or more TypeScript than JavaScript files. */
function isTypeScript(context: DetectContext, pkg: PackageJson): boolean {
  if (context.tree.has(inDir(context.dir, 'tsconfig.json')) || 'typescript' in pkg.deps) return true;
  const counts = countLanguages(context.tree.filesUnder(context.dir));
  const files = (name: string): number => counts.find((language) => language.name === name)?.files ?? 0;
  return files('typescript') > files('javascript');
}

/** The root package.json of the workspace (or project) `context.dir` belongs to, when it is not `dir` itself. */
function rootPackage(context: DetectContext): PackageJson | undefined {
  const root = context.workspaceRoot ?? '.';
  if (root === context.dir) return undefined;
  const text = context.tree.read(inDir(root, 'package.json'));
  try {
    return text === undefined ? undefined : parsePackageJson(text, 'package.json');
  } catch {
    return undefined;
  }
}
