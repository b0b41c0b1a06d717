import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prometheusCounts, prometheusFiles } from './prometheus-files';
import { checkPrometheus, validatePrometheus } from './prometheus-checks';
import { SAMPLE_URLS, sampleInput, writeBundle } from './sample-setup.testing';

// Real promtool (Debian's prometheus) and prometheus-blackbox-exporter: a missing one fails these
// tests with the check's "not installed: install it (…)" detail.

// promtool runs a few seconds per bundle; on a busy 2-core machine, more.
jest.setTimeout(120_000);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function written(input = sampleInput()): { dir: string; files: ReturnType<typeof prometheusFiles> } {
  const files = prometheusFiles(input, SAMPLE_URLS);
  const dir = writeBundle(files);
  dirs.push(dir);
  return { dir, files };
}

/** Replaces `find` in a written file; throws when it is not there (so a planted defect cannot silently miss). */
function plant(dir: string, file: string, find: string, replace: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(find)) throw new Error(`${file} has no '${find}'`);
  writeFileSync(path, text.replace(find, replace));
}

describe('checkPrometheus on a generated bundle (real promtool and blackbox exporter)', () => {
  it('passes every check, and every generated rule test passes', async () => {
    const { dir, files } = written();
    const { checks, ruleTestsPassed } = await validatePrometheus(dir);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.map((c) => `${c.check} ${c.file}`)).toEqual([
      'promtool check config prometheus/prometheus.yml',
      'promtool check rules prometheus/rules/api.yml',
      'promtool check rules prometheus/rules/orders-db.yml',
      'promtool check rules prometheus/rules/web.yml',
      'promtool test rules prometheus/tests/api.test.yml',
      'promtool test rules prometheus/tests/orders-db.test.yml',
      'promtool test rules prometheus/tests/web.test.yml',
      'blackbox exporter --config.check blackbox/blackbox.yml',
    ]);
    const counts = prometheusCounts(files);
    expect(ruleTestsPassed).toBe(counts.rule_tests);
    expect(checks.find((c) => c.file === 'prometheus/tests/web.test.yml')?.detail).toMatch(/^\d+ test cases passed$/);
    expect(checks.find((c) => c.file === 'prometheus/rules/api.yml')?.detail).toMatch(/SUCCESS: \d+ rules found/);
    // One promtool process checked the config and the rules files its rule_files name.
    expect(checks.filter((c) => c.check === 'promtool check rules').map((c) => c.detail)).toEqual(
      Array(3).fill(expect.stringMatching(/^SUCCESS: \d+ rules found \(checked by promtool check config: the config's rule_files name it\)$/)),
    );
  });

  it('checks on its own, and fails, a rules file the config does not name', async () => {
    const { dir } = written();
    plant(dir, 'prometheus/prometheus.yml', 'rules/*.yml', 'rules/api.yml');
    plant(dir, 'prometheus/rules/web.yml', 'up{service="web"', 'up{{service="web"');
    const checks = await checkPrometheus(dir);
    expect(checks.find((c) => c.check === 'promtool check config')?.passed).toBe(true);
    expect(checks.find((c) => c.file === 'prometheus/rules/api.yml')?.detail).toContain('checked by promtool check config');
    const web = checks.find((c) => c.file === 'prometheus/rules/web.yml');
    expect(web).toMatchObject({ check: 'promtool check rules', passed: false });
    expect(web?.detail).toMatch(/parse error|unexpected/);
    expect(checks.find((c) => c.file === 'prometheus/rules/orders-db.yml')).toMatchObject({ passed: true, detail: expect.not.stringContaining('check config') });
  });

  it('passes with a tier 3 item, a probe-only item, a 99.99 % objective and no error-rate alert', async () => {
    const { dir, files } = written(sampleInput({ availability: 99.99, error_rate: 1, tier: 'tier_3_standard', probeOnly: true }));
    const checks = await checkPrometheus(dir);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.map((c) => c.file)).toContain('prometheus/tests/checkout-fn.test.yml');
    expect(files.find((f) => f.path === 'prometheus/rules/checkout-fn.yml')?.content).toContain('alert: ProbeFailed');
  });

  it('fails naming the rules file when a rule has a bad expression', async () => {
    const { dir } = written();
    plant(dir, 'prometheus/rules/web.yml', 'up{service="web"', 'up{{service="web"');
    const failed = (await checkPrometheus(dir)).filter((c) => !c.passed);
    const rules = failed.find((c) => c.check === 'promtool check rules');
    expect(rules?.file).toBe('prometheus/rules/web.yml');
    expect(rules?.detail).toContain('prometheus/rules/web.yml');
    expect(rules?.detail).toMatch(/parse error|unexpected/);
    expect(failed.map((c) => c.file)).not.toContain('prometheus/rules/api.yml');
  });

  it('without rule tests, still checks every file loads: a bad expression fails, a wrong threshold is not looked at', async () => {
    const { dir } = written();
    plant(dir, 'prometheus/rules/web.yml', '> 0.006\n', '> 0.06\n');
    const loads = await validatePrometheus(dir, { ruleTests: false });
    expect(loads.checks.map((c) => `${c.check} ${c.file} ${String(c.passed)}`)).toEqual([
      'promtool check config prometheus/prometheus.yml true',
      'promtool check rules prometheus/rules/api.yml true',
      'promtool check rules prometheus/rules/orders-db.yml true',
      'promtool check rules prometheus/rules/web.yml true',
      'blackbox exporter --config.check blackbox/blackbox.yml true',
    ]);
    expect(loads.ruleTestsPassed).toBe(0);
    plant(dir, 'prometheus/rules/web.yml', 'up{service="web"', 'up{{service="web"');
    const broken = await validatePrometheus(dir, { ruleTests: false });
    expect(broken.checks.filter((c) => !c.passed).map((c) => c.file)).toContain('prometheus/rules/web.yml');
  });

  it('counts fewer passed rule tests when a threshold is wrong (the generated tests catch it)', async () => {
    const { dir, files } = written();
    // The page alert's 6× threshold made ten times looser: errors at 1.25 × 6× the budget no longer page.
    plant(dir, 'prometheus/rules/web.yml', '> 0.006\n', '> 0.06\n');
    plant(dir, 'prometheus/rules/web.yml', '> 0.006\n', '> 0.06\n');
    const { checks, ruleTestsPassed } = await validatePrometheus(dir);
    const web = checks.find((c) => c.file === 'prometheus/tests/web.test.yml');
    expect(web?.passed).toBe(false);
    expect(web?.detail).toContain('ErrorBudgetBurnFast fires: errors at 1.25 × the 6× threshold (0.0075)');
    expect(ruleTestsPassed).toBe(prometheusCounts(files).rule_tests - 1);
  });

  it('fails the blackbox check on a module the exporter cannot load', async () => {
    const { dir } = written();
    plant(dir, 'blackbox/blackbox.yml', 'timeout: 5s', 'timeout: soon');
    const blackbox = (await checkPrometheus(dir)).find((c) => c.file === 'blackbox/blackbox.yml');
    expect(blackbox?.passed).toBe(false);
    expect(blackbox?.detail).toContain('soon');
  });

  it('runs the blackbox exporter once on modules of the same bytes, and again on changed ones', async () => {
    const blackboxOf = async (dir: string) => (await checkPrometheus(dir)).find((c) => c.file === 'blackbox/blackbox.yml');
    await blackboxOf(written().dir);
    expect(await blackboxOf(written().dir)).toMatchObject({ passed: true, detail: expect.stringContaining('the same bytes passed prometheus-blackbox-exporter earlier: not run again') });
    const { dir } = written();
    plant(dir, 'blackbox/blackbox.yml', 'timeout: 5s', 'timeout: 6s');
    expect(await blackboxOf(dir)).toMatchObject({ passed: true, detail: expect.not.stringContaining('not run again') });
  });

  it('runs a rule test file once on the same test and rules bytes, and again when a rules file it names changed', async () => {
    const input = sampleInput({ availability: 99.5 });
    const testsOf = async (dir: string) => (await validatePrometheus(dir)).checks.filter((c) => c.check === 'promtool test rules');
    // (orders-db's files do not depend on the objective: an earlier test here may have passed them.)
    expect((await testsOf(written(input).dir)).map((c) => c.passed)).toEqual([true, true, true]);
    const { dir } = written(input);
    // Only web's rules file changes (a comment: its rules, and so its tests' verdict, stay).
    plant(dir, 'prometheus/rules/web.yml', 'groups:', '# edited by hand\ngroups:');
    const again = await testsOf(dir);
    expect(again.every((c) => c.passed)).toBe(true);
    expect(again.map((c) => `${c.file}: ${c.detail}`)).toEqual([
      expect.stringMatching(/^prometheus\/tests\/api\.test\.yml: \d+ test cases passed \(the same test and rules bytes passed promtool test rules earlier: not run again\)$/),
      expect.stringMatching(/^prometheus\/tests\/orders-db\.test\.yml: \d+ test cases passed \(the same test and rules bytes passed promtool test rules earlier: not run again\)$/),
      expect.stringMatching(/^prometheus\/tests\/web\.test\.yml: \d+ test cases passed$/),
    ]);
  });

  it('says how to install a tool that is missing', async () => {
    const { dir } = written();
    const saved = process.env['JETWAY_PROMTOOL_BIN'];
    process.env['JETWAY_PROMTOOL_BIN'] = join(dir, 'no-such-promtool');
    try {
      const config = (await checkPrometheus(dir)).find((c) => c.check === 'promtool check config');
      expect(config).toEqual({ check: 'promtool check config', file: 'prometheus/prometheus.yml', passed: false, detail: expect.stringContaining('apt-get install prometheus') });
    } finally {
      if (saved === undefined) delete process.env['JETWAY_PROMTOOL_BIN'];
      else process.env['JETWAY_PROMTOOL_BIN'] = saved;
    }
  });
});
