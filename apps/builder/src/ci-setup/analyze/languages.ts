import { posix } from 'node:path';
import type { ProjectAnalysis } from '@jetway/contracts';
import type { ProjectTree } from './project-tree';

/** Source file extensions → language. Markup, config and shell scripts do not make a project's language. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescript',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.kt': 'kotlin', '.kts': 'kotlin',
  '.scala': 'scala',
  '.groovy': 'groovy',
  '.rs': 'rust',
  '.cs': 'csharp', '.fs': 'fsharp',
  '.rb': 'ruby',
  '.php': 'php',
  '.swift': 'swift',
  '.c': 'c', '.h': 'c',
  '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.hpp': 'cpp',
  '.ex': 'elixir', '.exs': 'elixir',
  '.dart': 'dart',
};

/** Files that are not the project's own code even with a source extension. */
const NOT_SOURCE = /\.d\.[cm]?ts$|\.min\.js$/;

/** The language a file is written in, by its extension; `undefined` for anything else. */
export function languageOf(path: string): string | undefined {
  if (NOT_SOURCE.test(path)) return undefined;
  return EXTENSIONS[posix.extname(path).toLowerCase()];
}

/** Source files per language in `paths`, most files first (ties by name). */
export function countLanguages(paths: readonly string[]): ProjectAnalysis['languages'] {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const language = languageOf(path);
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts].map(([name, files]) => ({ name, files })).sort((a, b) => b.files - a.files || (a.name < b.name ? -1 : 1));
}

/** The languages of the whole tree (the tree already leaves vendored and generated directories out). */
export function detectLanguages(tree: ProjectTree): ProjectAnalysis['languages'] {
  return countLanguages(tree.files);
}
