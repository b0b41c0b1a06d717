import type { PackageJson } from './package-json';

/** A script that only says no tests exist (npm init's default) is no test command. */
export function isPlaceholderTest(script: string | undefined): boolean {
  return script === undefined || /no test specified/i.test(script) || script.trim() === '';
}

/**
 * The text of `name` and of the scripts it runs (`npm run x`, `pnpm x`, `yarn x`, `npm-run-all`
 * names), three levels deep: where the test runner really appears.
 */
export function expandScript(pkg: PackageJson, name: string, depth = 3): string {
  const script = pkg.scripts[name];
  if (script === undefined || depth === 0) return '';
  const called = [...script.matchAll(/\b(?:npm run|npm run-script|pnpm(?: run)?|yarn(?: run)?|bun run|run-s|run-p|npm-run-all)\s+([\w:.-]+)/g)].map((match) => match[1] as string);
  return [script, ...called.filter((other) => other !== name).map((other) => expandScript(pkg, other, depth - 1))].join('\n');
}

const FRAMEWORKS: readonly [string, RegExp][] = [
  ['vitest', /\bvitest\b/],
  ['jest', /\bjest\b/],
  ['mocha', /\bmocha\b/],
  ['ava', /\bava\b/],
  ['jasmine', /\bjasmine\b/],
  ['tap', /\b(?:tap|tape)\b/],
  ['node:test', /\bnode\b[^&|;\n]*\s--test\b/],
];

/** The test runner the test script calls, else the one among the dependencies. */
export function testFrameworkOf(pkg: PackageJson, testScript: string): string | undefined {
  const inScript = FRAMEWORKS.find(([, pattern]) => pattern.test(testScript));
  if (inScript) return inScript[0];
  return FRAMEWORKS.find(([name]) => name !== 'node:test' && name in pkg.deps)?.[0];
}

/**
 * How coverage is measured: a coverage wrapper in any script (c8, nyc), the runner's own flag
 * (`jest --coverage`, `vitest --coverage` or a vitest coverage provider, Node's
 * `--experimental-test-coverage`), else a coverage tool among the dependencies.
 */
export function coverageToolOf(pkg: PackageJson, framework: string | undefined): string | undefined {
  const scripts = Object.values(pkg.scripts).join('\n');
  if (/\bc8\b/.test(scripts)) return 'c8';
  if (/\bnyc\b/.test(scripts)) return 'nyc';
  if (/\bjest\b[^&|;\n]*--coverage\b/.test(scripts) || (framework === 'jest' && pkg.jest?.['collectCoverage'] === true)) return 'jest --coverage';
  if (/\bvitest\b[^&|;\n]*--coverage\b/.test(scripts) || '@vitest/coverage-v8' in pkg.deps || '@vitest/coverage-istanbul' in pkg.deps) return 'vitest --coverage';
  if (/--experimental-test-coverage\b/.test(scripts)) return 'node --experimental-test-coverage';
  if ('c8' in pkg.deps) return 'c8';
  if ('nyc' in pkg.deps) return 'nyc';
  return undefined;
}
