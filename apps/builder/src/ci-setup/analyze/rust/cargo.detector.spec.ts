import { TempTrees } from '../tree.testing';
import { cargoWorkspaceOf, detectCargoComponent } from './cargo.detector';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

describe('Cargo', () => {
  it('reads a workspace: members by glob, the rust-version, rust-toolchain.toml, --locked with Cargo.lock', async () => {
    const tree = await trees.tree({
      'Cargo.toml': '[workspace]\nmembers = [\n  "crates/*",  # all crates\n]\nexclude = ["crates/old"]\n\n[workspace.package]\nrust-version = "1.75"\n',
      'Cargo.lock': '',
      'rust-toolchain.toml': '[toolchain]\nchannel = "1.79.0"\n',
      'crates/core/Cargo.toml': '[package]\nname = "core"\n',
      'crates/old/Cargo.toml': '[package]\nname = "old"\n',
    });
    expect(cargoWorkspaceOf(tree)).toEqual({ tool: 'cargo-workspace', members: ['crates/core'], builds: 'root', notes: [] });
    expect(detectCargoComponent({ tree, dir: '.', fallbackName: 'rusty' })?.component).toEqual({
      path: '.', name: 'rusty', language: 'rust', package_manager: 'cargo', lockfile: 'Cargo.lock', runtime_versions: ['rust 1.75', 'rust 1.79.0'],
      install_command: 'cargo fetch --locked', build_command: 'cargo build --workspace --locked', test_command: 'cargo test --workspace --locked', test_framework: 'cargo test',
    });
  });

  it('reads a single crate without a lockfile', async () => {
    const tree = await trees.tree({ 'Cargo.toml': "[package]\nname = 'cli'\nrust-version = '1.70'\n", 'src/main.rs': '' });
    expect(cargoWorkspaceOf(tree)).toBeUndefined();
    expect(detectCargoComponent({ tree, dir: '.', fallbackName: 'x' })?.component).toMatchObject({ name: 'cli', build_command: 'cargo build', runtime_versions: ['rust 1.70'] });
  });
});
