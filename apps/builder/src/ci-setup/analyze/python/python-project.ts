import type { DetectContext } from '../detector';
import { inDir } from '../project-tree';
import { readTomlKeys, type TomlKeys } from '../toml-keys';

/** What a Python component's files declare: read from pyproject.toml, setup.cfg, setup.py, requirements files. */
export interface PythonProject {
  name?: string;
  /** Normalised distribution names of every declared dependency (runtime, optional, dev groups, requirements). */
  deps: Set<string>;
  /** Whether `[project]`/poetry/setup.py declare runtime dependencies. */
  hasRuntimeDeps: boolean;
  /** Names of `[project.optional-dependencies]` extras. */
  extras: string[];
  requiresPython: string[];
  pyproject?: TomlKeys;
  setupCfg: Map<string, Map<string, string>>;
  /** requirements files directly in the directory, `requirements.txt` first. */
  requirements: string[];
}

export const PYTHON_MANIFESTS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile'];

export function readPythonProject(context: DetectContext): PythonProject {
  const read = (name: string): string | undefined => context.tree.read(inDir(context.dir, name));
  const pyprojectText = read('pyproject.toml');
  const pyproject = pyprojectText === undefined ? undefined : readTomlKeys(pyprojectText);
  const setupCfg = iniSections(read('setup.cfg') ?? '');
  const setupPy = read('setup.py') ?? '';
  const requirements = context.tree.namesIn(context.dir).filter((name) => /^requirements([-_.][\w-]+)?\.txt$/.test(name)).sort((a, b) => (a === 'requirements.txt' ? -1 : b === 'requirements.txt' ? 1 : a < b ? -1 : 1));
  const runtime = [...(pyproject?.strings('project', 'dependencies') ?? []), ...(pyproject?.keys('tool.poetry.dependencies').filter((name) => name !== 'python') ?? [])];
  const deps = new Set([...runtime, ...devDeps(pyproject), ...requirements.flatMap((file) => (read(file) ?? '').split(/\r?\n/))].map(distribution).filter((name): name is string => name !== undefined));
  const name = pyproject?.string('project', 'name') ?? pyproject?.string('tool.poetry', 'name') ?? setupCfg.get('metadata')?.get('name') ?? /\bname\s*=\s*["']([^"']+)["']/.exec(setupPy)?.[1];
  return {
    ...(name ? { name } : {}),
    deps,
    hasRuntimeDeps: runtime.length > 0 || /\binstall_requires\s*=\s*\[\s*["']/.test(setupPy) || (setupCfg.get('options')?.get('install_requires') ?? '').trim() !== '',
    extras: pyproject?.keys('project.optional-dependencies') ?? [],
    requiresPython: [
      pyproject?.string('project', 'requires-python'),
      pyproject?.string('tool.poetry.dependencies', 'python'),
      setupCfg.get('options')?.get('python_requires'),
      /\bpython_requires\s*=\s*["']([^"']+)["']/.exec(setupPy)?.[1],
    ].filter((value): value is string => value !== undefined),
    ...(pyproject ? { pyproject } : {}),
    setupCfg,
    requirements,
  };
}

/** Optional extras, PEP 735 dependency groups, poetry groups and uv's dev dependencies. */
function devDeps(pyproject: TomlKeys | undefined): string[] {
  if (!pyproject) return [];
  const fromTables = (prefix: string): string[] => pyproject.keys(prefix).flatMap((key) => pyproject.strings(prefix, key));
  const poetryGroups = pyproject.tablesUnder('tool.poetry.group').filter((table) => table.endsWith('.dependencies')).flatMap((table) => pyproject.keys(table));
  return [
    ...fromTables('project.optional-dependencies'),
    ...fromTables('dependency-groups'),
    ...poetryGroups,
    ...pyproject.keys('tool.poetry.dev-dependencies'),
    ...pyproject.strings('tool.uv', 'dev-dependencies'),
  ];
}

/** `pytest-cov>=4; python_version>"3"` → `pytest-cov`; comments, options and blank lines → undefined. */
export function distribution(spec: string): string | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec.replace(/#.*/, ''));
  return match?.[1]?.toLowerCase().replace(/[._]+/g, '-');
}

/** An INI file (setup.cfg, tox.ini) as section → key → value; continuation lines join the value. */
export function iniSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(line) || line.trim() === '') continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = new Map();
      sections.set((header[1] ?? '').trim(), section);
      key = undefined;
    } else if (/^\s/.test(line) && section && key !== undefined) {
      section.set(key, `${section.get(key) ?? ''}\n${line.trim()}`);
    } else {
      const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (pair && section) section.set((key = (pair[1] ?? '').trim()), (pair[2] ?? '').trim());
    }
  }
  return sections;
}
