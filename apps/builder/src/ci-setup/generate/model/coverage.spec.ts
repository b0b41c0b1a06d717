import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { makeTempDir, writeTree } from '../../../drivers/command/fixtures.testing';
import { coverageGate } from './coverage';

/** Runs `command` with sh in `cwd`, this Node first on PATH; the exit code and output. */
function sh(command: string, cwd: string, input?: string): { code: number | null; output: string } {
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}` };
  const run = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', ...(input !== undefined && { input }) });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A module with half its lines under test. */
const HALF_COVERED = {
  'package.json': '{ "name": "half", "version": "1.0.0", "scripts": { "test": "node --test" } }\n',
  'src/math.js': [
    "'use strict';",
    'function add(a, b) {',
    '  return a + b;',
    '}',
    'function unused(a) {',
    '  if (a > 1) {',
    '    return a * 2;',
    '  }',
    '  return a - 1;',
    '}',
    'module.exports = { add, unused };',
    '',
  ].join('\n'),
  'test/math.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/math');\ntest('adds', () => assert.equal(add(1, 2), 3));\n",
};

describe('coverage gates', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir('coverage-gate');
    writeTree(tmp.path, HALF_COVERED);
  });
  afterAll(() => tmp.cleanup());

  const nodeComponent = { path: '.', package_manager: 'npm' as const, test_command: 'npm test', test_framework: 'node:test' };

  it("Node's own gate fails the test run below the threshold and passes above it, for real", () => {
    const strict = coverageGate('node', nodeComponent, 95);
    expect(strict.test).toBe('node --test --experimental-test-coverage --test-coverage-lines=95');
    const failed = sh(strict.test, tmp.path);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/45\.45% line coverage does not meet threshold of 95%/);
    expect(sh(coverageGate('node', nodeComponent, 40).test, tmp.path).code).toBe(0);
  });

  it('keeps the files a `node --test` command names and drops its own coverage flags', () => {
    const gate = coverageGate('node', { ...nodeComponent, test_command: 'node --test --experimental-test-coverage --test-reporter=spec test/*.test.js' }, 80);
    expect(gate.test).toBe('node --test --experimental-test-coverage --test-coverage-lines=80 --test-reporter=spec test/*.test.js');
    expect(sh(gate.test.replace('=80', '=40'), tmp.path).code).toBe(0);
  });

  it("the Go gate reads `go tool cover`'s total and fails below the threshold, or without a total", () => {
    const gate = coverageGate('go', { path: '.', package_manager: 'go' }, 80).test;
    const check = gate.slice(gate.indexOf('| awk') + 2);
    expect(sh(check, tmp.path, 'example.com/x/a.go:3:\tAdd\t100.0%\ntotal:\t(statements)\t75.0%\n')).toEqual({ code: 1, output: 'coverage 75.0% is below 80%\n' });
    expect(sh(check, tmp.path, 'total:\t(statements)\t85.5%\n').code).toBe(0);
    expect(sh(check, tmp.path, '').output).toBe('no total coverage line\n');
  });

  it("the JaCoCo gate sums LINE_MISSED and LINE_COVERED from the CSV and fails below the threshold", () => {
    const gate = coverageGate('java', { path: '.', package_manager: 'maven', test_command: 'mvn -B verify' }, 80).test;
    const check = gate.slice(gate.indexOf('&& ') + 3);
    const header = 'GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,COMPLEXITY_MISSED\n';
    writeTree(tmp.path, { 'target/site/jacoco/jacoco.csv': `${header}calc,demo,A,4,10,0,0,3,7,0\ncalc,demo,B,0,9,0,0,0,3,0\n` });
    expect(sh(check, tmp.path)).toEqual({ code: 1, output: 'line coverage 76.9%\n' });
    writeTree(tmp.path, { 'target/site/jacoco/jacoco.csv': `${header}calc,demo,A,0,10,0,0,1,9,0\n` });
    expect(sh(check, tmp.path)).toEqual({ code: 0, output: 'line coverage 90.0%\n' });
  });

  it('puts coverage.py into the install of a Python project that has no coverage tool', () => {
    const gate = coverageGate('python', { path: '.', package_manager: 'pip', test_command: 'python -m unittest discover -s tests', test_framework: 'unittest' }, 85);
    expect(gate).toMatchObject({
      test: 'python -m coverage run -m unittest discover -s tests && python -m coverage report --fail-under=85',
      installExtra: "python -m pip install 'coverage>=7.6,<8'",
    });
  });
});
