import { TempTrees } from '../tree.testing';
import { detectDotnetComponent } from './dotnet.detector';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

describe('detectDotnetComponent', () => {
  it('reads a solution: target frameworks, the SDK pin, xunit and coverlet from the test project, the lock file', async () => {
    const tree = await trees.tree({
      'Shop.sln': '',
      'global.json': '{ "sdk": { "version": "8.0.401" } }',
      'src/Shop/Shop.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
      'tests/Shop.Tests/Shop.Tests.csproj': '<Project><ItemGroup><PackageReference Include="xunit" Version="2.9.0" /><PackageReference Include="coverlet.collector" Version="6.0.0" /></ItemGroup></Project>',
      'packages.lock.json': '{}',
    });
    expect(detectDotnetComponent({ tree, dir: '.', fallbackName: 'x' })?.component).toEqual({
      path: '.', name: 'Shop', language: 'csharp', package_manager: 'dotnet', lockfile: 'packages.lock.json', runtime_versions: ['dotnet net8.0', 'dotnet-sdk 8.0.401'],
      install_command: 'dotnet restore --locked-mode', build_command: 'dotnet build --no-restore', test_command: 'dotnet test --no-restore', test_framework: 'xunit', coverage_tool: 'coverlet',
    });
  });

  it('is not a .NET component without a solution or project file in the directory', async () => {
    expect(detectDotnetComponent({ tree: await trees.tree({ 'Program.cs': '' }), dir: '.', fallbackName: 'x' })).toBeUndefined();
  });
});
