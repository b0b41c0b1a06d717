import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type TypeScript from 'typescript';
import type { Check } from '../../bundle.types';
import { ELK_DIR, elkWatchPath } from './elk';

// Each generated watch type-checked against Elasticsearch's own model of a watch: the
// `WatcherWatch` type @elastic/elasticsearch generates from the Elasticsearch specification, read
// by the TypeScript compiler as `const watch: WatcherWatch = <the file's JSON>` (an object literal,
// so an unknown field is an error as much as a missing or mistyped one). Painless scripts,
// Mustache templates and index patterns are not checked: that needs a running Elasticsearch.

export const ELK_CHECK = 'elasticsearch watch (WatcherWatch type, TypeScript compiler)';

let compiler: Promise<typeof TypeScript> | undefined;

/** The TypeScript compiler, loaded on the first check (~49 MB of RSS once loaded, measured). */
function typescript(): Promise<typeof TypeScript> {
  compiler ??= import('typescript').then((module) => ((module as { default?: typeof TypeScript }).default ?? module) as typeof TypeScript);
  return compiler;
}

/** The declarations file of @elastic/elasticsearch's API types (`estypes`), without its extension. */
function elasticTypes(): string {
  return join(dirname(require.resolve('@elastic/elasticsearch/package.json')), 'lib', 'api', 'types');
}

export async function checkElk(dir: string): Promise<Check[]> {
  const names = (await readdir(join(dir, ELK_DIR, 'watches')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  if (names.length === 0) return [{ check: ELK_CHECK, file: `${ELK_DIR}/watches/`, passed: false, detail: 'the bundle has no watches' }];
  const files = names.map((name) => elkWatchPath(name.slice(0, -'.json'.length)));
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  const problems = await watchProblems(new Map(files.map((file, i) => [file, texts[i] ?? ''])));
  return files.map((file) => {
    const found = problems.get(file) ?? [];
    const detail = found.length === 0 ? 'type-checks as @elastic/elasticsearch WatcherWatch (scripts, templates and index patterns not checked)' : found.map((p) => `${file}: ${p}`).join('\n');
    return { check: ELK_CHECK, file, passed: found.length === 0, detail: detail.slice(0, 2000) };
  });
}

/** Per watch file, what does not parse as JSON or does not type-check as a WatcherWatch. */
export async function watchProblems(watches: ReadonlyMap<string, string>): Promise<Map<string, string[]>> {
  const problems = new Map<string, string[]>();
  const sources = new Map<string, string>();
  const declaration = 'export const watch: WatcherWatch = ';
  const header = `import type { WatcherWatch } from ${JSON.stringify(elasticTypes())};\n${declaration}`;
  for (const [file, text] of watches) {
    try {
      JSON.parse(text);
      sources.set(`/__jetway_watch_check__/${file.replace(/[^a-zA-Z0-9_-]/g, '_')}.ts`, `${header}${text};\n`);
      problems.set(file, []);
    } catch (error) {
      problems.set(file, [`does not parse as JSON: ${(error as Error).message}`]);
    }
  }
  if (sources.size === 0) return problems;
  const ts = await typescript();
  const options: TypeScript.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], module: ts.ModuleKind.CommonJS };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile: read } = host;
  host.getSourceFile = (name, version, ...rest) => {
    const text = sources.get(name);
    return text === undefined ? getSourceFile.call(host, name, version, ...rest) : ts.createSourceFile(name, text, version);
  };
  host.fileExists = (name) => sources.has(name) || fileExists.call(host, name);
  host.readFile = (name) => sources.get(name) ?? read.call(host, name);
  const program = ts.createProgram([...sources.keys()], options, host);
  const fileOf = new Map([...watches.keys()].map((file) => [`/__jetway_watch_check__/${file.replace(/[^a-zA-Z0-9_-]/g, '_')}.ts`, file]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? fileOf.get(diagnostic.file.fileName) : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '; ');
    if (!file) {
      // A problem outside the watches (the types not found): every watch is unchecked, so every one fails.
      for (const list of problems.values()) list.push(`not type-checked: ${message}`);
      continue;
    }
    const { line, character } = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : { line: 1, character: 0 };
    // The checked source is the import, then the declaration and the JSON: its line n is the JSON's line n.
    problems.get(file)?.push(`line ${line}, column ${line === 1 ? character - declaration.length + 1 : character + 1}: ${message}`);
  }
  return problems;
}
