import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, writeTree } from '../../drivers/command/fixtures.testing';
import { coverageFromLog, measuredCoverage } from './coverage';

// Summaries as the tools print them (node 24, c8 10, coverage.py 7, go 1.22).
const NODE = `✔ adds (0.8ms)
ℹ start of coverage report
ℹ ----------------------------------------------------------
ℹ file      | line % | branch % | funcs % | uncovered lines
ℹ ----------------------------------------------------------
ℹ sum.js    |  66.67 |   100.00 |   50.00 | 2
ℹ ----------------------------------------------------------
ℹ all files |  62.50 |   100.00 |   50.00 |
ℹ ----------------------------------------------------------
ℹ end of coverage report`;
const NODE_TAP = NODE.replace(/ℹ/g, '#');
const ISTANBUL = `----------|---------|----------|---------|---------|-------------------
File      | % Stmts | % Branch | % Funcs | % Lines | Uncovered Line #s
----------|---------|----------|---------|---------|-------------------
All files |   81.25 |      100 |      75 |   77.77 |
 sum.js   |   81.25 |      100 |      75 |   77.77 | 4-5
----------|---------|----------|---------|---------|-------------------`;
const COVERAGE_PY = `Name          Stmts   Miss  Cover
---------------------------------
app.py            8      1    88%
test_app.py       6      0   100%
---------------------------------
TOTAL            14      1    93%`;
const GO_PACKAGES = `ok  \texample.com/m/a\t0.002s\tcoverage: 91.3% of statements
ok  \texample.com/m/b\t0.003s\tcoverage: 64.0% of statements
?   \texample.com/m/cmd\t[no test files]`;
const GO_TOTAL = `${GO_PACKAGES}\nexample.com/m/a/a.go:3:\tAdd\t100.0%\ntotal:\t\t\t(statements)\t85.7%`;

describe('coverageFromLog', () => {
  it.each([
    ['node test runner (spec reporter)', NODE, 62.5],
    ['node test runner (tap reporter)', NODE_TAP, 62.5],
    ['istanbul text table: the % Lines column, not % Stmts', ISTANBUL, 77.77],
    ['coverage.py report TOTAL', COVERAGE_PY, 93],
    ['go test -cover: the lowest package, not an average', GO_PACKAGES, 64],
    ['go tool cover -func total', GO_TOTAL, 85.7],
  ])('reads %s', (_name, log, percent) => {
    expect(coverageFromLog(log)?.percent).toBe(percent);
  });

  it('takes the last summary when the tool printed several', () => {
    expect(coverageFromLog(`${NODE}\n${NODE.replace('62.50', '90.00')}`)?.percent).toBe(90);
  });

  it('finds nothing in a log without a coverage summary', () => {
    expect(coverageFromLog('✔ adds (0.8ms)\nℹ tests 1\nℹ pass 1\nTOTAL tests: 3')).toBeUndefined();
  });
});

describe('measuredCoverage', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('coverage')));
  afterEach(() => tmp.cleanup());

  it('prefers a json-summary written during the test phase over the printed table', async () => {
    const since = Date.now() - 1000;
    writeTree(tmp.path, { 'coverage/coverage-summary.json': JSON.stringify({ total: { lines: { total: 9, covered: 7, pct: 77.77 } } }) });
    expect(await measuredCoverage(tmp.path, NODE, since)).toEqual({ percent: 77.77, source: 'coverage/coverage-summary.json' });
  });

  it('ignores a report that came with the source (older than the test phase)', async () => {
    writeTree(tmp.path, { 'coverage/coverage-summary.json': JSON.stringify({ total: { lines: { pct: 100 } } }) });
    utimesSync(join(tmp.path, 'coverage/coverage-summary.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await measuredCoverage(tmp.path, NODE, Date.now() - 1000)).toEqual({ percent: 62.5, source: 'test runner summary table' });
  });

  it('sums JaCoCo CSV rows into lines covered over lines', async () => {
    const csv = [
      'GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,COMPLEXITY_MISSED,COMPLEXITY_COVERED,METHOD_MISSED,METHOD_COVERED',
      'app,com.example,App,3,20,0,2,1,6,1,3,1,3',
      'app,com.example,Util,10,5,0,0,2,1,2,1,2,1',
    ].join('\n');
    writeTree(tmp.path, { 'target/site/jacoco/jacoco.csv': csv });
    expect(await measuredCoverage(tmp.path, '', Date.now() - 1000)).toEqual({ percent: 70, source: 'target/site/jacoco/jacoco.csv' });
  });

  it('falls back to the log when the summary says Unknown, and is undefined when nothing was measured', async () => {
    writeTree(tmp.path, { 'coverage/coverage-summary.json': JSON.stringify({ total: { lines: { pct: 'Unknown' } } }) });
    expect(await measuredCoverage(tmp.path, COVERAGE_PY, Date.now() - 1000)).toEqual({ percent: 93, source: 'coverage.py report' });
    expect(await measuredCoverage(tmp.path, 'no coverage here', Date.now() - 1000)).toBeUndefined();
  });
});
