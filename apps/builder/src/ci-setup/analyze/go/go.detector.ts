import { posix } from 'node:path';
import type { ProjectComponent } from '@jetway/contracts';
import { componentName, optional, unique, type DetectContext, type Detection, type Workspace } from '../detector';
import { makeCommand } from '../makefile';
import type { ProjectTree } from '../project-tree';
import { inDir } from '../project-tree';
import { dockerfileIn } from '../repo-files';

/**
 * A Go module: a directory with go.mod (read line by line: `module`, `go` and `toolchain`
 * directives are single lines by the go.mod grammar). Build and test are the Makefile's targets,
 * else `go build ./...` and `go test ./...`; coverage is the toolchain's own `go test -cover`.
 */
export function detectGoComponent(context: DetectContext): Detection | undefined {
  const file = inDir(context.dir, 'go.mod');
  const text = context.tree.read(file);
  if (text === undefined) return undefined;
  const directive = (name: string): string | undefined => new RegExp(`^\\s*${name}\\s+(\\S+)`, 'm').exec(stripComments(text))?.[1];
  const modulePath = directive('module')?.replace(/^"|"$/g, '');
  const sum = inDir(context.dir, 'go.sum');
  const notes: string[] = [];
  if (!context.tree.has(sum) && /^\s*require\b/m.test(text)) notes.push(`${file} requires modules but ${sum} is missing: \`go mod download\` will fail verification`);
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, modulePath === undefined ? undefined : posix.basename(modulePath)),
    language: 'go',
    package_manager: 'go',
    ...optional('lockfile', context.tree.has(sum) ? sum : undefined),
    runtime_versions: unique([directive('go') && `go ${directive('go')}`, directive('toolchain')?.replace(/^go/, 'go ')]),
    install_command: 'go mod download',
    build_command: makeCommand(context.tree, context.dir, 'build') ?? 'go build ./...',
    test_command: makeCommand(context.tree, context.dir, 'test') ?? 'go test ./...',
    test_framework: 'go test',
    coverage_tool: 'go cover',
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  return { component, notes };
}

/** `use ./a` and `use ( ./a ./b )` in a root go.work: each used module is a member. */
export function goWorkspaceOf(tree: ProjectTree): Workspace | undefined {
  const text = tree.read('go.work');
  if (text === undefined) return undefined;
  const body = stripComments(text);
  const used = [
    ...[...body.matchAll(/^\s*use\s+([^\s(]+)\s*$/gm)].map((match) => match[1] as string),
    ...[...body.matchAll(/^\s*use\s*\(([^)]*)\)/gm)].flatMap((match) => (match[1] ?? '').split(/\s+/)),
  ];
  const members = unique(used.map((dir) => posix.normalize(dir.replace(/^"|"$/g, '')).replace(/\/+$/, '')))
    .filter((dir) => dir !== '.' && tree.has(inDir(dir, 'go.mod')))
    .sort();
  const notes = used.includes('.') ? ['go.work uses the root module too: it is analysed with the members'] : [];
  return { tool: 'go-work', members: used.includes('.') ? ['.', ...members] : members, builds: 'members', notes };
}

function stripComments(text: string): string {
  return text.replace(/\/\/.*$/gm, '');
}
