import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_LAYOUT, type Check } from '../../bundle.types';
import { BLACKBOX, casesIn, filesIn, passedBefore, PROMTOOL, rememberPass, rulesCheckedBy, run, type PrometheusValidation } from './prometheus-checks';

/** A bundle written under `dir`, and whether its rule tests are to run (see validatePrometheus). */
export interface BundleToCheck {
  readonly dir: string;
  readonly ruleTests: boolean;
}

/**
 * The Prometheus part of several bundles, checked in one run of each tool: `promtool check
 * config` of every bundle's config (which checks the rules files they name; `promtool check
 * rules` runs only for a rules file none names), `promtool test
 * rules` of the test files of the bundles that run them, the blackbox exporter once per distinct
 * config whose bytes it has not passed before (they are the same in every release's bundle).
 * Each bundle's checks when every run passed; undefined when one failed or could not run,
 * for the caller to check each bundle on its own, which names the file and the tool's words.
 */
export async function prometheusTogether(bundles: readonly BundleToCheck[]): Promise<PrometheusValidation[] | undefined> {
  const sameAs = byContent(bundles.map((b) => b.dir), BUNDLE_LAYOUT.blackboxConfig);
  if (!sameAs) return undefined;
  const distinct = [...new Set(sameAs.values())];
  const earlier = new Map<string, Check>();
  for (const dir of distinct) {
    const pass = await passedBefore(dir, BLACKBOX, BLACKBOX_CHECK, BUNDLE_LAYOUT.blackboxConfig);
    if (pass) earlier.set(dir, pass);
  }
  const blackboxes = distinct.filter((dir) => !earlier.has(dir));
  const files = (folder: string, suffix: string, of: readonly BundleToCheck[]) => of.flatMap((b) => filesIn(b.dir, folder, suffix).map((file) => join(b.dir, file)));
  const rules = files('prometheus/rules', '.yml', bundles);
  const tests = files('prometheus/tests', '.test.yml', bundles.filter((b) => b.ruleTests));
  const cwd = bundles[0]?.dir ?? '.';
  const [config, ...others] = await Promise.all([
    run(PROMTOOL, ['check', 'config', ...bundles.map((b) => join(b.dir, BUNDLE_LAYOUT.prometheusConfig))], cwd),
    ...(tests.length > 0 ? [run(PROMTOOL, ['test', 'rules', ...tests], cwd)] : []),
    ...blackboxes.map((dir) => run(BLACKBOX, ['--config.check', `--config.file=${join(dir, BUNDLE_LAYOUT.blackboxConfig)}`], cwd)),
  ]);
  // check config checks the rules files its configs' rule_files name; any other is checked here.
  const checked = config?.ok ? rulesCheckedBy(config.output) : new Map<string, string>();
  const unchecked = rules.filter((file) => !checked.has(file));
  const runs = [config, ...others, ...(unchecked.length > 0 ? [await run(PROMTOOL, ['check', 'rules', ...unchecked], cwd)] : [])];
  if (!runs.every((r) => r?.ok)) return undefined;
  const together = `passed (checked in one run with ${bundles.length - 1} other bundle${bundles.length === 2 ? '' : 's'})`;
  for (const dir of blackboxes) rememberPass(dir, BLACKBOX, BUNDLE_LAYOUT.blackboxConfig, together);
  return bundles.map((bundle) => {
    const passed = (check: string, file: string, detail = together): Check => ({ check, file, passed: true, detail });
    const checks = [passed('promtool check config', BUNDLE_LAYOUT.prometheusConfig), ...filesIn(bundle.dir, 'prometheus/rules', '.yml').map((file) => passed('promtool check rules', file))];
    let ruleTestsPassed = 0;
    for (const file of bundle.ruleTests ? filesIn(bundle.dir, 'prometheus/tests', '.test.yml') : []) {
      const cases = casesIn(join(bundle.dir, file));
      ruleTestsPassed += cases;
      checks.push(passed('promtool test rules', file, `${cases} test case${cases === 1 ? '' : 's'} ${together}`));
    }
    checks.push(passed(BLACKBOX_CHECK, BUNDLE_LAYOUT.blackboxConfig, earlier.get(sameAs.get(bundle.dir) ?? '')?.detail));
    return { checks, ruleTestsPassed };
  });
}

const BLACKBOX_CHECK = 'blackbox exporter --config.check';

/** Each directory with the first one whose `file` has the same bytes (the blackbox modules are the same in most bundles); undefined when one cannot be read. */
function byContent(dirs: readonly string[], file: string): Map<string, string> | undefined {
  const firstByDigest = new Map<string, string>();
  const sameAs = new Map<string, string>();
  try {
    for (const dir of dirs) {
      const digest = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
      if (!firstByDigest.has(digest)) firstByDigest.set(digest, dir);
      sameAs.set(dir, firstByDigest.get(digest) ?? dir);
    }
  } catch {
    return undefined;
  }
  return sameAs;
}
