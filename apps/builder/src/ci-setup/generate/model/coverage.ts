import type { ProjectComponent } from '@jetway/contracts';
import type { ToolchainFamily } from './pipeline-model';

/** coverage.py for a Python project that has no coverage tool (its install adds it): 7.x, the newest the interpreter supports. */
export const COVERAGE_PY = "'coverage>=7.6,<8'";
/** The JaCoCo Maven plugin the Maven coverage gate runs (no change to the project's pom.xml). */
export const JACOCO_PLUGIN = 'org.jacoco:jacoco-maven-plugin:0.8.12';
/** Node's own line-coverage threshold flag needs Node 22.8 or later. */
export const NODE_COVERAGE_MIN_MAJOR = 22;

export interface CoverageGate {
  /** Runs the tests (in the component's directory) and exits non-zero below `threshold` percent of lines. */
  readonly test: string;
  /** Something the install must add for the gate (coverage.py), if anything. */
  readonly installExtra?: string;
  /** The lowest runtime version the gate needs (Node's own coverage flags). */
  readonly minVersion?: string;
  readonly note: string;
}

type Component = Pick<ProjectComponent, 'package_manager' | 'test_command' | 'test_framework' | 'coverage_tool' | 'path'>;

/** The test command with the coverage threshold enforced, for the component's toolchain. */
export function coverageGate(family: ToolchainFamily, component: Component, threshold: number): CoverageGate {
  switch (family) {
    case 'node':
      return nodeGate(component, threshold);
    case 'python':
      return pythonGate(component, threshold);
    case 'go':
      return goGate(threshold);
    case 'java':
      return component.package_manager === 'gradle' ? gradleGate(component, threshold) : mavenGate(component, threshold);
    case 'rust':
      return {
        test: `cargo llvm-cov --locked --fail-under-lines ${threshold}`,
        installExtra: 'rustup component add llvm-tools-preview && cargo install cargo-llvm-cov --locked',
        note: `cargo-llvm-cov fails under ${threshold}% of lines`,
      };
    case 'dotnet':
      return {
        test: `dotnet test --no-restore /p:CollectCoverage=true /p:Threshold=${threshold} /p:ThresholdType=line`,
        note: `coverlet (coverlet.msbuild must be referenced by the test project) fails under ${threshold}% of lines`,
      };
  }
}

/** The analyzer's coverage tool, first word: `c8`, `nyc`, `jest` (`jest --coverage`), `vitest`, `node`, `coverage.py`, `jacoco` … */
const tool = (component: Component): string => (component.coverage_tool ?? '').toLowerCase().split(/\s+/)[0] ?? '';
const framework = (component: Component): string => (component.test_framework ?? '').toLowerCase();

function nodeGate(component: Component, threshold: number): CoverageGate {
  const test = component.test_command ?? 'npm test';
  const run = component.package_manager === 'npm' ? 'npx' : `${component.package_manager} exec`;
  if (tool(component) === 'c8') return { test: `${run} c8 --check-coverage --lines ${threshold} ${test}`, note: `c8 fails under ${threshold}% of lines` };
  if (tool(component) === 'nyc') return { test: `${run} nyc --check-coverage --lines ${threshold} ${test}`, note: `nyc fails under ${threshold}% of lines` };
  const flags = runnerFlags(component, threshold);
  if (flags) {
    // Through the project's own test script when there is one (it may run jest per project, as nx does), else the runner itself.
    const viaScript = /^(npm|pnpm|yarn)( run)? test\b/.test(test);
    const separator = component.package_manager === 'npm' ? ' --' : '';
    return { test: viaScript ? `${test}${separator} ${flags.args}` : `${run} ${flags.runner} ${flags.args}`, note: `${flags.runner}'s coverage threshold fails under ${threshold}% of lines` };
  }
  const nodeTest = /^node\s+--test\b(.*)$/.exec(test.trim());
  if (nodeTest || framework(component) === 'node:test' || tool(component) === 'node') {
    // `npm test -- <flags>` would put the flags after the script's own file arguments, where node reads them as files.
    const rest = (nodeTest?.[1] ?? '').split(/\s+/).filter((arg) => arg !== '' && !/^--(experimental-test-coverage|test-coverage-(lines|branches|functions)=.*)$/.test(arg));
    const options = rest.filter((arg) => arg.startsWith('-'));
    const files = rest.filter((arg) => !arg.startsWith('-'));
    const command = ['node', '--test', '--experimental-test-coverage', `--test-coverage-lines=${threshold}`, ...options, ...files].join(' ');
    const how = nodeTest ? '' : ` (node --test's own discovery in place of \`${test}\`)`;
    return { test: command, minVersion: String(NODE_COVERAGE_MIN_MAJOR), note: `Node's own test coverage fails under ${threshold}% of lines${how}; needs Node ${NODE_COVERAGE_MIN_MAJOR}.8+` };
  }
  return { test: `npx --yes c8@10 --check-coverage --lines ${threshold} ${test}`, note: `no coverage tool found: c8 (fetched by npx) measures \`${test}\` and fails under ${threshold}% of lines` };
}

/** jest's and vitest's own threshold flags. */
function runnerFlags(component: Component, threshold: number): { runner: string; args: string } | undefined {
  if (tool(component) === 'jest' || framework(component) === 'jest') return { runner: 'jest', args: `--coverage --coverageThreshold='{"global":{"lines":${threshold}}}'` };
  if (tool(component) === 'vitest' || framework(component) === 'vitest') return { runner: 'vitest run', args: `--coverage.enabled --coverage.thresholds.lines=${threshold}` };
  return undefined;
}

function pythonGate(component: Component, threshold: number): CoverageGate {
  const prefix = component.package_manager === 'poetry' ? 'poetry run ' : component.package_manager === 'uv' ? 'uv run ' : '';
  const test = component.test_command?.trim() ?? '';
  const module = pythonTestModule(test, framework(component));
  const gate = `${prefix}python -m coverage run -m ${module} && ${prefix}python -m coverage report --fail-under=${threshold}`;
  const known = tool(component) === 'coverage' || tool(component) === 'coverage.py' || tool(component) === 'pytest-cov';
  if (known) return { test: gate, note: `coverage.py fails under ${threshold}% of lines` };
  const installer = component.package_manager === 'poetry' ? 'poetry run python -m pip install' : component.package_manager === 'uv' ? 'uv pip install' : 'python -m pip install';
  return { test: gate, installExtra: `${installer} ${COVERAGE_PY}`, note: `no coverage tool found: the install adds ${COVERAGE_PY}, which fails under ${threshold}% of lines` };
}

/** `python -m unittest discover -s tests` → `unittest discover -s tests`; `pytest -q` → `pytest -q`. */
function pythonTestModule(test: string, testFramework: string): string {
  const asModule = /^(?:poetry run |uv run )?python3?\s+-m\s+(.+)$/.exec(test);
  if (asModule?.[1]) return asModule[1];
  if (/^pytest\b/.test(test)) return test;
  return testFramework === 'pytest' ? 'pytest' : 'unittest discover';
}

function goGate(threshold: number): CoverageGate {
  // `go tool cover` prints statement coverage; a missing total line must fail too, never pass.
  const check = `awk -v min=${threshold} '/^total:/ { seen = 1; sub("%", "", $3); if ($3 + 0 < min) { printf "coverage %s%% is below %s%%\\n", $3, min; exit 1 } } END { if (!seen) { print "no total coverage line"; exit 1 } }'`;
  return { test: `go test -coverprofile=coverage.out ./... && go tool cover -func=coverage.out | ${check}`, note: `go test's statement coverage, checked against ${threshold}%` };
}

/** JaCoCo's CSV: LINE_MISSED is column 8, LINE_COVERED column 9. */
function jacocoCheck(csv: string, threshold: number): string {
  return `awk -F, -v min=${threshold} 'NR > 1 { missed += $8; covered += $9 } END { total = missed + covered; pct = total ? 100 * covered / total : 0; printf "line coverage %.1f%%\\n", pct; if (pct < min) exit 1 }' ${csv}`;
}

function mavenGate(component: Component, threshold: number): CoverageGate {
  const mvn = /^\.\/mvnw\b/.test(component.test_command ?? '') ? './mvnw' : 'mvn';
  const run = `${mvn} -B ${JACOCO_PLUGIN}:prepare-agent test ${JACOCO_PLUGIN}:report`;
  return { test: `${run} && ${jacocoCheck('target/site/jacoco/jacoco.csv', threshold)}`, note: `JaCoCo (run by its Maven plugin, no pom change) checked against ${threshold}% of lines` };
}

function gradleGate(component: Component, threshold: number): CoverageGate {
  const gradle = /^\.\/gradlew\b/.test(component.test_command ?? '') ? './gradlew' : 'gradle';
  return {
    test: `${gradle} test jacocoTestReport && ${jacocoCheck('build/reports/jacoco/test/jacocoTestReport.csv', threshold)}`,
    note: `JaCoCo checked against ${threshold}% of lines (the build must apply the jacoco plugin with its CSV report on)`,
  };
}
