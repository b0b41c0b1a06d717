import { posix } from 'node:path';
import type { ProjectComponent } from '@jetway/contracts';
import { componentName, findUp, optional, unique, type DetectContext, type Detection } from '../detector';
import { makeCommand } from '../makefile';
import { dockerfileIn } from '../repo-files';

/** Whether `dir` holds a .NET solution or project file. */
export function isDotnetDir(names: readonly string[]): boolean {
  return names.some((name) => /\.(sln|csproj|fsproj|vbproj)$/.test(name));
}

/**
 * A .NET solution or project: a directory with a .sln or .csproj (MSBuild XML, read as text for
 * `TargetFramework` and `PackageReference` names). `dotnet restore/build/test` on it.
 */
export function detectDotnetComponent(context: DetectContext): Detection | undefined {
  const names = context.tree.namesIn(context.dir);
  if (!isDotnetDir(names)) return undefined;
  const projects = context.tree.filesUnder(context.dir).filter((path) => /\.(csproj|fsproj|vbproj)$/.test(path));
  const text = projects.map((path) => context.tree.read(path) ?? '').join('\n');
  const packages = new Set([...text.matchAll(/<PackageReference\s+Include="([^"]+)"/gi)].map((match) => (match[1] as string).toLowerCase()));
  const frameworks = [...text.matchAll(/<TargetFrameworks?>([^<]+)<\/TargetFrameworks?>/g)].flatMap((match) => (match[1] as string).split(';'));
  const sdk = findUp(context, 'global.json');
  const sdkVersion = sdk ? /"version"\s*:\s*"([^"]+)"/.exec(context.tree.read(sdk) ?? '')?.[1] : undefined;
  const entry = names.find((name) => name.endsWith('.sln')) ?? names.find((name) => /proj$/.test(name)) ?? '';
  const lockfile = findUp(context, 'packages.lock.json');
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, entry.replace(/\.[^.]+$/, '') || posix.basename(context.dir)),
    language: 'csharp',
    package_manager: 'dotnet',
    ...optional('lockfile', lockfile),
    runtime_versions: unique([...frameworks.map((framework) => `dotnet ${framework.trim()}`), sdkVersion && `dotnet-sdk ${sdkVersion}`]),
    install_command: lockfile ? 'dotnet restore --locked-mode' : 'dotnet restore',
    build_command: makeCommand(context.tree, context.dir, 'build') ?? 'dotnet build --no-restore',
    test_command: makeCommand(context.tree, context.dir, 'test') ?? 'dotnet test --no-restore',
    ...optional('test_framework', ['xunit', 'nunit', 'mstest.testframework'].find((name) => packages.has(name))?.replace('mstest.testframework', 'mstest')),
    ...optional('coverage_tool', packages.has('coverlet.collector') || packages.has('coverlet.msbuild') ? 'coverlet' : undefined),
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  return { component, notes: projects.some((path) => path.endsWith('.fsproj')) ? [`${context.dir}: F# projects are reported as csharp (.NET)`] : [] };
}
