import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeBundle } from '../setup/bundle';
import type { BundleFile } from '../setup/bundle.types';
import { bundleGenerators } from '../setup/generators';
import { SAMPLE_URLS } from '../setup/generators/prometheus/sample-setup.testing';
import type { ApplyOutcome, BundleGenerators, BundleVerdict, MonitoringStackPort, VerifyOutcome } from '../setup/setup.ports';
import type { ScrapeAnswer } from '../use-cases';
import { CONTRACT_MET, FakeMetricsEndpoint } from '../use-cases/monitoring.fakes';
import { monitorRelease, NOT_APPLIED, type MonitorReleaseDeps } from './monitor-release.use-case';
import { BatchedChecks } from './batched-checks';
import { PassedChecks } from './passed-checks';
import type { ReleaseToMonitor } from './release-setup';
import type { SetupFolder, StagedSetup } from './release.ports';

const PASSED: BundleVerdict = { checks: [{ check: 'promtool check rules', file: 'prometheus/rules/hello.yml', passed: true }], ruleTestsPassed: 18, routingCasesPassed: 2 };

/** Stages into a real directory under `root` (the checks read files), keeps what is committed in memory. */
class MemoryFolder implements SetupFolder {
  readonly written = new Map<string, readonly BundleFile[]>();
  constructor(private readonly root: string) {}
  async stage(setup: string, files: readonly BundleFile[]): Promise<StagedSetup> {
    const dir = mkdtempSync(join(this.root, `.staging-${setup}-`));
    await writeBundle(files, dir);
    return {
      dir,
      commit: async () => {
        rmSync(dir, { recursive: true });
        this.written.set(setup, files);
        return files.map((f) => `/stack/setups/${setup}/${f.path}`).sort();
      },
      discard: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  dir(setup: string): string {
    return `/stack/setups/${setup}`;
  }
  resolve(relativePath: string): string {
    return `/stack/${relativePath}`;
  }
}

class RecordingStack implements MonitoringStackPort {
  readonly calls: string[] = [];
  async apply(setup: string, files: readonly BundleFile[], digest: string): Promise<ApplyOutcome> {
    this.calls.push(`apply ${setup} ${files.length} ${digest.slice(0, 7)}`);
    return { files: [`setups/${setup}/prometheus/prometheus.yml`, 'prometheus/prometheus.yml'], reloaded: ['prometheus', 'alertmanager', 'blackbox'] };
  }
  async verify(setup: string, withinMs: number): Promise<VerifyOutcome> {
    this.calls.push(`verify ${setup} ${withinMs}`);
    return { targetsUp: 1, targetsTotal: 1, ruleGroupsLoaded: 2, rulesLoaded: 20, alertmanagerConfigHash: 'abc' };
  }
  urls() {
    return {};
  }
}

const release: ReleaseToMonitor = { application: 'hello', environment: 'staging', targets: ['127.0.0.1:4001'], slo: { availability: 0.995, latency_p99_ms: 300 } };

describe('monitorRelease', () => {
  let workRoot: string;
  beforeEach(() => {
    workRoot = mkdtempSync(join(tmpdir(), 'jetway-monitor-release-'));
  });
  afterEach(() => rmSync(workRoot, { recursive: true, force: true }));

  function setup(options: { verdict?: BundleVerdict; stack?: boolean; answers?: Record<string, ScrapeAnswer>; passed?: PassedChecks; testedRules?: PassedChecks } = {}) {
    const folder = new MemoryFolder(workRoot);
    const stack = new RecordingStack();
    const checked: string[] = [];
    const checkedIn: string[] = [];
    const generators: BundleGenerators = {
      generate: (input, urls) => bundleGenerators.generate(input, urls),
      check: async (dir, monitoringStack, checkOptions) => {
        checkedIn.push(basename(dir));
        checked.push(`${monitoringStack} ${readdirSync(dir).sort().join(',')}${checkOptions?.ruleTests === false ? ' without rule tests' : ''}`);
        return options.verdict ?? PASSED;
      },
    };
    const endpoint = new FakeMetricsEndpoint(options.answers ?? { '127.0.0.1:4001': CONTRACT_MET });
    const batchSizes: number[] = [];
    const checker = new BatchedChecks(async (bundles) => {
      batchSizes.push(bundles.length);
      return Promise.all(bundles.map(({ dir, ruleTests }) => generators.check(dir, 'prometheus_grafana', { ruleTests })));
    });
    const deps: MonitorReleaseDeps = { endpoint, generators, checker, urls: () => SAMPLE_URLS, passed: options.passed ?? new PassedChecks(), testedRules: options.testedRules ?? new PassedChecks(), workRoot, folder, stack: options.stack ? stack : undefined, deadlineMs: 30_000 };
    return { deps, folder, stack, checked, checkedIn, batchSizes };
  }

  it('without a stack, checks the bundle then writes it, saying it was not applied and why', async () => {
    const { deps, folder, checked, checkedIn } = setup();
    const result = await monitorRelease(release, deps, 'run-1-monitor-staging-1');
    expect(checked).toEqual(['prometheus_grafana alertmanager,blackbox,grafana,prometheus,runbooks']);
    expect(checkedIn).toEqual([expect.stringMatching(/^\.staging-hello-staging-/)]);
    expect(result.outcome).toBe('succeeded');
    const outputs = result.outcome === 'succeeded' ? result.outputs : undefined;
    expect(outputs).toMatchObject({ setup: 'hello-staging', applied: false, counts: { scrape_jobs: 1, routing_cases: 2 } });
    expect(outputs?.note).toContain(`${NOT_APPLIED}. The checked bundle is in /stack/setups/hello-staging; its runbook pages are served at ${SAMPLE_URLS.runbooks}`);
    expect(outputs?.files).toContain('/stack/setups/hello-staging/runbooks/hello/TargetDown.html');
    expect(outputs?.files).toHaveLength(folder.written.get('hello-staging')?.length ?? -1);
    // Checked where it was staged, then put in place: no scratch copy, nothing left behind.
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it('with a stack, applies the setup and verifies it, reporting the stack paths and what it found', async () => {
    const { deps, folder, stack, checkedIn } = setup({ stack: true });
    const result = await monitorRelease(release, deps, 'run-1-monitor-staging-1');
    // The stack writes its own copy: the check reads a scratch one, removed after.
    expect(checkedIn).toEqual([expect.stringMatching(/^run-1-monitor-staging-1-/)]);
    expect(readdirSync(workRoot)).toEqual([]);
    expect(stack.calls).toEqual([expect.stringMatching(/^apply hello-staging \d+ sha256:$/), 'verify hello-staging 30000']);
    expect(result).toEqual({
      outcome: 'succeeded',
      outputs: expect.objectContaining({
        files: ['/stack/setups/hello-staging/prometheus/prometheus.yml', '/stack/prometheus/prometheus.yml'],
        setup: 'hello-staging',
        applied: true,
        targets_up: 1,
        targets_total: 1,
        rules_loaded: 20,
      }),
    });
    expect(folder.written.size).toBe(0);
  });

  it('fails naming the target that does not meet the metric contract; checks, writes and applies nothing', async () => {
    const { deps, folder, stack, checked } = setup({ stack: true, answers: { '127.0.0.1:4001': { answered: true, status: 404, body: 'Not Found' } } });
    const result = await monitorRelease(release, deps, 'run-1-monitor-staging-1');
    expect(result).toEqual({ outcome: 'failed', reason: expect.stringContaining('127.0.0.1:4001 answered GET /metrics with HTTP 404: "Not Found"') });
    expect([checked, folder.written.size, stack.calls]).toEqual([[], 0, []]);
  });

  it('fails naming each failed check and its file; writes and applies nothing', async () => {
    const verdict: BundleVerdict = { checks: [...PASSED.checks, { check: 'promtool test rules', file: 'prometheus/tests/hello.test.yml', passed: false, detail: 'FAILED: TargetDown' }], ruleTestsPassed: 17, routingCasesPassed: 2 };
    for (const stack of [true, false]) {
      const { deps, folder, stack: recording } = setup({ verdict, stack });
      const result = await monitorRelease(release, deps, `run-${String(stack)}`);
      expect(result).toEqual({ outcome: 'failed', reason: '1 of 2 check(s) failed; nothing was applied. promtool test rules (prometheus/tests/hello.test.yml): FAILED: TargetDown' });
      expect([folder.written.size, recording.calls, readdirSync(workRoot)]).toEqual([0, [], []]);
    }
  });

  it('fails when no check ran at all', async () => {
    const { deps, folder } = setup({ verdict: { checks: [], ruleTestsPassed: 0, routingCasesPassed: 0 } });
    expect(await monitorRelease(release, deps, 'run-1')).toEqual({ outcome: 'failed', reason: expect.stringContaining('no check ran on the bundle') });
    expect(folder.written.size).toBe(0);
  });

  it('releases handled together share one check run: the first to ask waits for the others on their way', async () => {
    const { deps, batchSizes, folder } = setup();
    // The first release runs the rule tests its thresholds need; the others only load their files.
    await monitorRelease(release, deps, 'run-0');
    const wave = ['one', 'two', 'three'].map((application, i) => monitorRelease({ ...release, application }, deps, `run-${i + 1}`));
    expect((await Promise.all(wave)).map((result) => result.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(batchSizes).toEqual([1, 3]);
    expect([...folder.written.keys()].sort()).toEqual(['hello-staging', 'one-staging', 'three-staging', 'two-staging']);
  });

  it('does not check the same bundle twice: a redeploy of the same monitoring reuses the pass and says so', async () => {
    const passed = new PassedChecks();
    const testedRules = new PassedChecks();
    const first = setup({ passed, testedRules });
    const again = setup({ passed, testedRules });
    const one = await monitorRelease(release, first.deps, 'run-1');
    const two = await monitorRelease(release, again.deps, 'run-2');
    expect([first.checked.length, again.checked.length]).toEqual([1, 0]);
    const notes = [one, two].map((r) => (r.outcome === 'succeeded' ? r.outputs.note : r.reason));
    expect(notes[0]).toMatch(/Checked with promtool \(config, rules, rule tests\), amtool and the dashboard parser \(bundle sha256:[0-9a-f]{64}\)$/);
    expect(notes[1]).toMatch(/Not checked again: these exact bytes \(bundle sha256:[0-9a-f]{64}\) passed promtool, amtool and the dashboard parser at \d{4}-/);
  });

  it('runs the rule tests once per thresholds: another application with the same SLO is checked to load, its tests not run again', async () => {
    const passed = new PassedChecks();
    const testedRules = new PassedChecks();
    await monitorRelease(release, setup({ passed, testedRules }).deps, 'run-1');
    const other = setup({ passed, testedRules });
    const result = await monitorRelease({ ...release, application: 'other' }, other.deps, 'run-2');
    expect(other.checked).toEqual(['prometheus_grafana alertmanager,blackbox,grafana,prometheus,runbooks without rule tests']);
    expect(result.outcome === 'succeeded' && result.outputs.note).toMatch(
      /Checked with promtool \(config, rules\), amtool and the dashboard parser \(bundle sha256:[0-9a-f]{64}\); its rule tests were not run again: the same thresholds \(environment, SLO, target count\) passed them in bundle sha256:[0-9a-f]{64} at \d{4}-/,
    );
    // Other thresholds (a stricter SLO, production's tier, two targets) run the rule tests again.
    for (const changed of [{ slo: { availability: 0.999, latency_p99_ms: 300 } }, { environment: 'production' as const }, { targets: ['127.0.0.1:4001', '127.0.0.1:4002'] }]) {
      const answers = { '127.0.0.1:4001': CONTRACT_MET, '127.0.0.1:4002': CONTRACT_MET };
      const next = setup({ passed, testedRules, answers });
      await monitorRelease({ ...release, ...changed }, next.deps, 'run-3');
      expect(next.checked).toEqual(['prometheus_grafana alertmanager,blackbox,grafana,prometheus,runbooks']);
    }
  });

  it('checks a refused bundle again next time: a refusal is never reused', async () => {
    const passed = new PassedChecks();
    const verdict: BundleVerdict = { checks: [{ check: 'amtool check-config', file: 'alertmanager/alertmanager.yml', passed: false, detail: 'amtool is not installed' }], ruleTestsPassed: 0, routingCasesPassed: 0 };
    const refused = setup({ passed, verdict });
    expect((await monitorRelease(release, refused.deps, 'run-1')).outcome).toBe('failed');
    const fixed = setup({ passed });
    expect((await monitorRelease(release, fixed.deps, 'run-2')).outcome).toBe('succeeded');
    expect(fixed.checked).toHaveLength(1);
  });
});
