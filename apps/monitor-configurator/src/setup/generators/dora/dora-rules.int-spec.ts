import { rm } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { BUNDLE_LAYOUT, type BundleFile } from '../../bundle.types';
import { validatePrometheus } from '../prometheus';
import { SAMPLE_URLS, writeBundle } from '../prometheus/sample-setup.testing';
import { doraFiles } from './dora-files';
import { DORA_SERIES } from './dora-rules';
import { doraSetupInput } from './dora-setup.testing';

// The generated DORA tests run by the validate step's own promtool check, on the generated rules
// and on rules with one planted mistake each: every mistake must fail the test of its key.

const RULES = BUNDLE_LAYOUT.rules('jetway-dora');
const TESTS = BUNDLE_LAYOUT.ruleTests('jetway-dora');

type RuleFile = { groups: Array<{ rules: Array<{ record: string; expr: string }> }> };
type TestFile = { tests: Array<{ name: string }> };

/** The `promtool test rules` check of the DORA tests, with `files` written as a bundle. */
async function doraTestCheck(files: readonly BundleFile[]) {
  const dir = writeBundle(files);
  try {
    const verdict = await validatePrometheus(dir);
    const check = verdict.checks.find((c) => c.check === 'promtool test rules' && c.file === TESTS);
    if (!check) throw new Error(`no promtool test rules check of ${TESTS}: ${JSON.stringify(verdict.checks)}`);
    return { check, rules: verdict.checks.find((c) => c.check === 'promtool check rules' && c.file === RULES), passed: verdict.ruleTestsPassed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The files with `record`'s expression changed by `change` (which must change it), and only the test cases named `test…`. */
function planted(files: readonly BundleFile[], record: string, change: (expr: string) => string, test: string): BundleFile[] {
  return files.map((file) => {
    if (file.path === RULES) {
      const rules = parse(file.content) as RuleFile;
      const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.record === record);
      if (!rule) throw new Error(`no rule records ${record}`);
      const changed = change(rule.expr);
      if (changed === rule.expr) throw new Error(`the planted change leaves ${record} as it was`);
      rule.expr = changed;
      return { path: file.path, content: stringify(rules) };
    }
    if (file.path === TESTS) {
      const tests = parse(file.content) as TestFile;
      tests.tests = tests.tests.filter((t) => t.name.startsWith(test));
      if (tests.tests.length !== 1) throw new Error(`no single test case named ${test}`);
      return { path: file.path, content: stringify(tests) };
    }
    return file;
  });
}

describe('the generated DORA rules under promtool', () => {
  const files = doraFiles(doraSetupInput(), SAMPLE_URLS).filter((f) => f.path.startsWith('prometheus/'));

  it('load, and pass every generated test case', async () => {
    const result = await doraTestCheck(files);
    expect(result.rules).toMatchObject({ passed: true, detail: 'SUCCESS: 16 rules found' });
    expect(result.check).toMatchObject({ passed: true, detail: '4 test cases passed' });
    expect(result.passed).toBe(4);
  }, 120_000);

  const s = DORA_SERIES;
  const mistakes: Array<[string, string, (expr: string) => string, string]> = [
    ['counts staging deployments too', s.deploymentsSum, (e) => e.replace('environment="production",', ''), 'DORA deployment frequency'],
    ['counts a week as the last day', s.deploymentsLastDay, (e) => e.replace('[1d]', '[7d]'), 'DORA deployment frequency'],
    ['counts the history a fresh Prometheus finds as deployments', s.deploymentsDelta, (e) => e.replace(/\n\s*and on \(\)\n\s*last_over_time\([^\n]*\)/, ''), 'DORA deployment frequency'],
    ['takes the 90th percentile for the median lead time', s.leadTime(7), (e) => e.replace('histogram_quantile(0.5,', 'histogram_quantile(0.9,'), 'DORA lead time'],
    ['counts errored deploys as failed changes', s.changeFailureRate(7), (e) => e.replaceAll('failed|rolled_back', 'failed|rolled_back|errored'), 'DORA change failure rate'],
    ['counts rollbacks as successes', s.changeFailureRate(7), (e) => e.replace('outcome=~"failed|rolled_back"', 'outcome=~"failed"'), 'DORA change failure rate'],
    ['measures time to restore from the last failure, not the first', s.failingSince, (e) => e.replace(/dora:production_failing_since:timestamp\{[^}]*\}\n\s*or\n/, ''), 'DORA time to restore'],
    ['records a restoration at every evaluation while failing, not once', s.restored, (e) => e.replace(/\nand ignoring \(outcome\)\n.*$/, ''), 'DORA time to restore'],
  ];

  it.each(mistakes)('fail when the rules %s', async (_name, record, change, test) => {
    const result = await doraTestCheck(planted(files, record, change, test));
    expect(result.rules?.passed).toBe(true);
    expect(result.check.passed).toBe(false);
    expect(result.check.detail).toMatch(/FAILED/);
    expect(result.check.detail).toContain('exp:');
  }, 120_000);
});
