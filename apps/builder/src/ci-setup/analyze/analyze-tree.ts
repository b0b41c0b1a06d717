import type { ProjectAnalysis, ProjectComponent } from '@jetway/contracts';
import { detectLanguages } from './languages';
import { detectLayout } from './layout';
import { MAX_FILES, type ProjectTree } from './project-tree';
import { detectDockerfiles, detectExistingCi, type ExistingCi } from './repo-files';

/** The analysis, and what the log says about CI systems beyond the paths the contract carries. */
export interface TreeAnalysis {
  analysis: ProjectAnalysis;
  existingCi: ExistingCi[];
}

/**
 * Analyses a project from its files alone: languages by extension, components (with their package
 * manager, lockfile, commands, test framework, coverage tool, runtime versions, Dockerfile), the
 * monorepo layout, Dockerfiles and existing CI configuration. What cannot be decided is a note;
 * `sourceNotes` (how the tree was taken: an ignored ref, left-out submodules) come first.
 */
export function analyzeTree(tree: ProjectTree, applicationName: string, sourceNotes: readonly string[] = []): TreeAnalysis {
  const layout = detectLayout(tree, applicationName);
  const existingCi = detectExistingCi(tree);
  const notes = [...sourceNotes, ...layout.notes, ...layout.components.flatMap(gaps)];
  if (tree.truncated) notes.push(`the project has more than ${MAX_FILES} files: only the first ${MAX_FILES} were analysed`);
  for (const ci of existingCi) notes.push(`existing CI configuration: ${ci.path} (${ci.system})`);
  const analysis: ProjectAnalysis = {
    languages: detectLanguages(tree),
    components: layout.components,
    ...(layout.monorepo ? { monorepo: layout.monorepo } : {}),
    dockerfiles: detectDockerfiles(tree),
    existing_ci: existingCi.map((ci) => ci.path),
    notes: [...new Set(notes)],
  };
  return { analysis, existingCi };
}

/** What a component lacks that a CI pipeline needs, in words. */
function gaps(component: ProjectComponent): string[] {
  const where = component.path === '.' ? 'the project' : component.path;
  const found: string[] = [];
  if (!component.test_command) found.push(`no test command found in ${where} (looked for a test script, a Makefile test target and the ${component.package_manager} conventions)`);
  if (!component.coverage_tool) found.push(`no coverage tool found in ${where}: the coverage gate needs one added${coverageHint(component.test_framework)}`);
  if (component.runtime_versions.length === 0) found.push(`${where} does not say which ${runtimeOf(component)} version it needs`);
  return found;
}

/** How a test framework without a configured coverage tool can measure coverage: what the generated pipeline can add. */
const COVERAGE_HINTS: Readonly<Record<string, string>> = {
  jest: 'jest measures it itself with --coverage',
  vitest: 'vitest measures it with --coverage and @vitest/coverage-v8',
  'node:test': 'node --test measures it itself with --experimental-test-coverage',
  mocha: 'c8 or nyc around mocha measure it',
  pytest: 'coverage.py (pytest-cov) measures it',
  unittest: 'coverage.py measures it: python -m coverage run -m unittest',
  junit5: 'the jacoco plugin measures it',
  junit4: 'the jacoco plugin measures it',
  xunit: 'coverlet.collector measures it',
};

function coverageHint(framework: string | undefined): string {
  const hint = framework === undefined ? undefined : COVERAGE_HINTS[framework];
  return hint ? ` (${hint})` : '';
}

function runtimeOf(component: ProjectComponent): string {
  switch (component.language) {
    case 'javascript':
    case 'typescript':
      return 'Node';
    case 'python':
      return 'Python';
    case 'go':
      return 'Go';
    case 'java':
      return 'Java';
    case 'rust':
      return 'Rust';
    default:
      return '.NET';
  }
}
