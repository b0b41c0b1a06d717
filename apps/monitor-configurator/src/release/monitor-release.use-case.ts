import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MonitorFinished } from '@jetway/contracts';
import { packBundle, writeBundle } from '../setup/bundle';
import type { SetupInput, SetupUrls } from '../setup/bundle.types';
import type { BundleGenerators, GeneratedBundle, MonitoringStackPort } from '../setup/setup.ports';
import { failedChecksReason } from '../setup/validate-bundle.use-case';
import { metricsCheckFailure, type MetricsEndpoint } from '../use-cases';
import type { BundleChecker } from './batched-checks';
import type { CheckedBundle, CheckVerdict, PassedChecks } from './passed-checks';
import { releaseSetupInput, type ReleaseToMonitor } from './release-setup';
import type { SetupFolder, StagedSetup } from './release.ports';

export type MonitorOutputs = NonNullable<MonitorFinished['outputs']>;

export interface MonitorReleaseDeps {
  readonly endpoint: MetricsEndpoint;
  /** The monitoring setup pipeline's generators (setup/generators). */
  readonly generators: BundleGenerators;
  /** Checks a written bundle with the formats' own tools (BatchedChecks: releases checked at the same moment share each tool run). */
  readonly checker: BundleChecker;
  readonly urls: (setup: string) => SetupUrls;
  /** Bundles that passed the checks before, by digest: the same bytes are not checked again. */
  readonly passed: PassedChecks;
  /** Alert thresholds whose rule tests passed before, by {@link ruleBehaviour}: not run again for another application. */
  readonly testedRules: PassedChecks;
  /** Scratch space for the checks when a stack is configured: each release's bundle is checked in its own directory under it, removed after. */
  readonly workRoot: string;
  /** Where the bundle is staged, checked and put in place when there is no stack; resolves the stack's relative paths when there is one. */
  readonly folder: SetupFolder;
  /** The running stack, or undefined when none is configured: the bundle is then written, not applied, and the outputs say so. */
  readonly stack: MonitoringStackPort | undefined;
  /** How long verify waits for the setup's targets up and its rules loaded. */
  readonly deadlineMs: number;
}

export type MonitorReleaseResult =
  | { readonly outcome: 'succeeded'; readonly outputs: MonitorOutputs }
  | { readonly outcome: 'failed'; readonly reason: string };

/** The note of a bundle written without a stack: never a silent success. */
export const NOT_APPLIED =
  'not applied: no monitoring stack is configured (set JETWAY_PROMETHEUS_URL, JETWAY_ALERTMANAGER_URL and JETWAY_BLACKBOX_URL; ' +
  'npm start runs one when the Debian packages prometheus, prometheus-alertmanager and prometheus-blackbox-exporter are installed)';

/**
 * Monitors a release as the one-item monitoring setup `<application>-<environment>`, built by
 * the monitoring setup pipeline's generators. First every target must serve the metric contract
 * (else the step fails and nothing is written); then the bundle is checked with the formats' own
 * tools (a failed check fails the step naming it, and the setup's files stay as they were); then
 * it is applied to the stack and verified, or — without a stack — put in place where a stack and
 * the alert ingress find it. Without a stack the bundle is checked where it is staged beside the
 * setup's directory and then renamed into place, so it is written once; with one, in a scratch
 * directory (the stack writes its own copy). A bundle whose exact bytes passed the checks before
 * is not checked again, and rule tests run once per {@link ruleBehaviour}; the outputs say which
 * checks ran. `scratch` names the scratch directory (the step's run, id and attempt).
 */
export async function monitorRelease(release: ReleaseToMonitor, deps: MonitorReleaseDeps, scratch: string): Promise<MonitorReleaseResult> {
  const contract = await metricsCheckFailure(release.targets, deps.endpoint);
  if (contract) return { outcome: 'failed', reason: contract };
  // From here the bundle is generated and written: a check starting meanwhile waits for it (BundleChecker.coming).
  const arrived = deps.checker.coming();
  try {
    return await checkAndPlace(release, deps, scratch, arrived);
  } finally {
    arrived();
  }
}

/** monitorRelease once the targets met the contract; `arrived` is called as soon as the bundle asked for its check (or found it not needed). */
async function checkAndPlace(release: ReleaseToMonitor, deps: MonitorReleaseDeps, scratch: string, arrived: () => void): Promise<MonitorReleaseResult> {
  const input = releaseSetupInput(release);
  const urls = deps.urls(input.name);
  const bundle = deps.generators.generate(input, urls);
  const { digest } = packBundle(bundle.files);
  const check = (checkIn: (ruleTests: boolean) => Promise<CheckVerdict>) => {
    // Without a stack, asking runs synchronously up to the checker's queue when the bundle is to be
    // checked now; with one, its scratch copy is written first, so it may join the run after.
    const checking = deps.passed.check(digest, () => deps.testedRules.once(ruleBehaviour(release), digest, checkIn));
    arrived();
    return checking;
  };
  const { stack } = deps;
  if (stack) {
    const checked = await check((ruleTests) => inScratch(bundle, deps.workRoot, scratch, (dir) => checkFailure(dir, deps.checker, ruleTests)));
    if (checked.refused) return { outcome: 'failed', reason: checked.refused };
    return succeeded(await applyAndVerify(input, bundle, digest, stack, deps), checked, digest);
  }
  const staged = await deps.folder.stage(input.name, bundle.files);
  try {
    const checked = await check((ruleTests) => checkFailure(staged.dir, deps.checker, ruleTests));
    if (checked.refused) return { outcome: 'failed', reason: checked.refused };
    return succeeded(await putInPlace(input, bundle, staged, urls, deps), checked, digest);
  } finally {
    await staged.discard();
  }
}

function succeeded(outputs: MonitorOutputs, checked: CheckedBundle, digest: string): MonitorReleaseResult {
  return { outcome: 'succeeded', outputs: { ...outputs, note: `${outputs.note}. ${checkNote(checked, digest)}` } };
}

/**
 * What the rule tests of a release's setup depend on: its thresholds and the shape of its
 * inputs (the environment gives the tier, the SLO the burn and latency thresholds, the targets
 * the series), not the application's name. Releases of one behaviour share one run of
 * `promtool test rules`; each release's own files are still checked to load.
 */
export function ruleBehaviour(release: ReleaseToMonitor): string {
  return JSON.stringify({ environment: release.environment, slo: release.slo, targets: release.targets.length });
}

/** How the bundle was found valid, in the step's note: never a check that silently did not run. */
export function checkNote(checked: CheckedBundle, digest: string): string {
  if (checked.reused) return `Not checked again: these exact bytes (bundle ${digest}) passed promtool, amtool and the dashboard parser at ${checked.reused.checkedAt}`;
  const tested = checked.partFrom;
  if (!tested) return `Checked with promtool (config, rules, rule tests), amtool and the dashboard parser (bundle ${digest})`;
  return (
    `Checked with promtool (config, rules), amtool and the dashboard parser (bundle ${digest}); ` +
    `its rule tests were not run again: the same thresholds (environment, SLO, target count) passed them in bundle ${tested.digest} at ${tested.checkedAt}`
  );
}

/** Why the bundle written under `dir` may not go out (each failed check, naming it and its file), or undefined when every check passed. */
async function checkFailure(dir: string, checker: BundleChecker, ruleTests: boolean): Promise<CheckVerdict> {
  const { checks } = await checker.check({ dir, ruleTests });
  if (checks.length === 0) return 'no check ran on the bundle: nothing says it is valid, so it was not put in place';
  const failed = checks.filter((check) => !check.passed);
  return failed.length > 0 ? failedChecksReason(failed, checks.length) : undefined;
}

/** `use` of the bundle written to a directory of its own under `workRoot` (named after `scratch`), removed after. */
async function inScratch<T>(bundle: GeneratedBundle, workRoot: string, scratch: string, use: (dir: string) => Promise<T>): Promise<T> {
  await mkdir(workRoot, { recursive: true });
  const dir = await mkdtemp(join(workRoot, `${scratch}-`));
  try {
    await writeBundle(bundle.files, dir);
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Applies the setup (files, then reloads; restored when a server refuses it) and waits for its targets up and rules loaded. */
async function applyAndVerify(input: SetupInput, bundle: GeneratedBundle, digest: string, stack: MonitoringStackPort, deps: MonitorReleaseDeps): Promise<MonitorOutputs> {
  const applied = await stack.apply(input.name, bundle.files, digest);
  const verified = await stack.verify(input.name, deps.deadlineMs);
  return {
    files: applied.files.map((path) => deps.folder.resolve(path)),
    setup: input.name,
    applied: true,
    counts: bundle.counts,
    targets_up: verified.targetsUp,
    targets_total: verified.targetsTotal,
    rules_loaded: verified.rulesLoaded,
    note: `applied as setup ${input.name} (${digest}); ${verified.targetsUp} of ${verified.targetsTotal} target(s) up, ${verified.rulesLoaded} rule(s) loaded`,
  };
}

/** Puts the checked bundle, staged beside it, in place as the stack directory's setups/<setup>/, where the alert ingress serves its runbook pages. */
async function putInPlace(input: SetupInput, bundle: GeneratedBundle, staged: StagedSetup, urls: SetupUrls, deps: MonitorReleaseDeps): Promise<MonitorOutputs> {
  const files = await staged.commit();
  return {
    files,
    setup: input.name,
    applied: false,
    counts: bundle.counts,
    note: `${NOT_APPLIED}. The checked bundle is in ${deps.folder.dir(input.name)}; its runbook pages are served at ${urls.runbooks}`,
  };
}
