import type { ProjectComponent } from '@jetway/contracts';
import { componentName, findUp, optional, unique, type DetectContext, type Detection, type Workspace } from '../detector';
import { makeCommand } from '../makefile';
import type { ProjectTree } from '../project-tree';
import { inDir } from '../project-tree';
import { dockerfileIn } from '../repo-files';
import { readTomlKeys } from '../toml-keys';
import { expandMemberGlobs } from '../workspace-globs';

/**
 * A Rust crate or Cargo workspace: a directory with Cargo.toml. `cargo build`/`cargo test`
 * (`--locked` with a Cargo.lock), the whole workspace from its root.
 */
export function detectCargoComponent(context: DetectContext): Detection | undefined {
  const file = inDir(context.dir, 'Cargo.toml');
  const text = context.tree.read(file);
  if (text === undefined) return undefined;
  const cargo = readTomlKeys(text);
  const lockfile = findUp(context, 'Cargo.lock');
  const locked = lockfile ? ' --locked' : '';
  const workspace = cargo.hasTable('workspace') ? ' --workspace' : '';
  const toolchainFile = findUp(context, 'rust-toolchain.toml', 'rust-toolchain');
  const toolchainText = toolchainFile ? context.tree.read(toolchainFile) ?? '' : '';
  const channel = toolchainFile?.endsWith('.toml') ? readTomlKeys(toolchainText).string('toolchain', 'channel') : toolchainText.split(/\r?\n/)[0]?.trim();
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, cargo.string('package', 'name')),
    language: 'rust',
    package_manager: 'cargo',
    ...optional('lockfile', lockfile),
    runtime_versions: unique([cargo.string('package', 'rust-version') ?? cargo.string('workspace.package', 'rust-version'), channel].map((version) => version && `rust ${version}`)),
    install_command: `cargo fetch${locked}`,
    build_command: makeCommand(context.tree, context.dir, 'build') ?? `cargo build${workspace}${locked}`,
    test_command: makeCommand(context.tree, context.dir, 'test') ?? `cargo test${workspace}${locked}`,
    test_framework: 'cargo test',
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  return { component, notes: [] };
}

/** `[workspace] members` of the root Cargo.toml: built together from the root. */
export function cargoWorkspaceOf(tree: ProjectTree): Workspace | undefined {
  const text = tree.read('Cargo.toml');
  if (text === undefined) return undefined;
  const cargo = readTomlKeys(text);
  if (!cargo.hasTable('workspace')) return undefined;
  const patterns = [...cargo.strings('workspace', 'members'), ...cargo.strings('workspace', 'exclude').map((dir) => `!${dir}`)];
  const members = expandMemberGlobs(tree, patterns, (dir) => tree.has(inDir(dir, 'Cargo.toml')));
  return members.length === 0 ? undefined : { tool: 'cargo-workspace', members, builds: 'root', notes: [] };
}
