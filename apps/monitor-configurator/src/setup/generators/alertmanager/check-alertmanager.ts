import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BUNDLE_LAYOUT, type Check } from '../../bundle.types';
import { inChunks } from '../in-chunks';
import { routingAnswers, type RoutingAnswers } from './routing-answers';
import { NOTIFIER_CHANNEL } from './routing-policy';

export const CONFIG_CHECK = 'amtool check-config';
export const ROUTES_CHECK = 'amtool config routes test';
const INSTALL = 'install it (Debian/Ubuntu: apt-get install prometheus-alertmanager)';
/** MonitoringCheck's `detail` limit. */
const DETAIL_MAX = 2000;
/** amtool processes at once. */
const PARALLEL = 4;

/** What the validate step reports for the Alertmanager part of a bundle. */
export interface AlertmanagerVerdict {
  readonly checks: Check[];
  /** Routing cases whose alert resolved to the expected receivers standing for the expected channel. */
  readonly routingCasesPassed: number;
}

const RoutingTestsFile = z.object({
  cases: z.array(z.object({ labels: z.record(z.string(), z.string()), receivers: z.array(z.string()).min(1), channel: z.string() })),
});
const ReceiversJson = z.object({ receivers: z.record(z.string(), z.array(z.looseObject({ name: z.string() }))) });
type RoutingCase = z.infer<typeof RoutingTestsFile>['cases'][number];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started (ENOENT: not installed). */
  readonly startError?: string;
}

function run(binary: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(binary, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const startError = error && typeof error.code === 'string' ? `${error.code}: ${error.message}` : undefined;
      resolve({ code, stdout, stderr, ...(startError ? { startError } : {}) });
    });
  });
}

const clip = (text: string) => (text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text);

/** The validate step's checks of a bundle's Alertmanager files; the routing cases only once the config loads. */
export async function checkAlertmanager(dir: string, amtool = 'amtool'): Promise<Check[]> {
  return (await validateAlertmanager(dir, amtool)).checks;
}

/**
 * `amtool check-config` on `alertmanager/alertmanager.yml`, then `amtool config routes test
 * --verify.receivers=…` for every case of `routing-tests.json` (one run per distinct alert),
 * each case's channel looked up in `receivers.json`. A missing amtool fails both checks saying
 * how to install it.
 */
export async function validateAlertmanager(dir: string, amtool = 'amtool'): Promise<AlertmanagerVerdict> {
  const config = join(dir, BUNDLE_LAYOUT.alertmanagerConfig);
  const loaded = await run(amtool, ['check-config', config]);
  if (loaded.startError) {
    const detail = `amtool could not be started (${loaded.startError}): ${INSTALL}`;
    return { checks: [failed(CONFIG_CHECK, BUNDLE_LAYOUT.alertmanagerConfig, detail), failed(ROUTES_CHECK, BUNDLE_LAYOUT.routingTests, detail)], routingCasesPassed: 0 };
  }
  const configCheck: Check = { check: CONFIG_CHECK, file: BUNDLE_LAYOUT.alertmanagerConfig, passed: loaded.code === 0, detail: clip(`${loaded.stdout}${loaded.stderr}`.trim()) };
  if (!configCheck.passed) {
    return { checks: [configCheck, failed(ROUTES_CHECK, BUNDLE_LAYOUT.routingTests, `not run: ${BUNDLE_LAYOUT.alertmanagerConfig} does not load`)], routingCasesPassed: 0 };
  }
  const routing = await checkRoutes(dir, config, amtool);
  return { checks: [configCheck, routing.check], routingCasesPassed: routing.passed };
}

/** `amtool check-config` of several bundles' configs in one run: true when every one loads (false, or a tool that could not run: check each bundle alone). */
export async function alertmanagerConfigsLoad(dirs: readonly string[], amtool = 'amtool'): Promise<boolean> {
  const result = await run(amtool, ['check-config', ...dirs.map((dir) => join(dir, BUNDLE_LAYOUT.alertmanagerConfig))]);
  return !result.startError && result.code === 0;
}

/** The routing cases of a bundle whose config loaded in a run with `others` other bundles (see alertmanagerConfigsLoad). */
export async function routesOfLoaded(dir: string, others: number, amtool = 'amtool'): Promise<AlertmanagerVerdict> {
  const detail = `passed (checked in one run with ${others} other bundle${others === 1 ? '' : 's'})`;
  const routing = await checkRoutes(dir, join(dir, BUNDLE_LAYOUT.alertmanagerConfig), amtool);
  return { checks: [{ check: CONFIG_CHECK, file: BUNDLE_LAYOUT.alertmanagerConfig, passed: true, detail }, routing.check], routingCasesPassed: routing.passed };
}

async function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): Promise<T | string> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(join(dir, file), 'utf8')));
    return parsed.success ? parsed.data : `${file} is not what the generator writes: ${z.prettifyError(parsed.error)}`;
  } catch (error) {
    return `${file} cannot be read: ${(error as Error).message}`;
  }
}

async function checkRoutes(dir: string, config: string, amtool: string): Promise<{ check: Check; passed: number }> {
  const tests = await readJson(dir, BUNDLE_LAYOUT.routingTests, RoutingTestsFile);
  if (typeof tests === 'string') return { check: failed(ROUTES_CHECK, BUNDLE_LAYOUT.routingTests, tests), passed: 0 };
  const stands = await readJson(dir, BUNDLE_LAYOUT.receivers, ReceiversJson);
  if (typeof stands === 'string') return { check: failed(ROUTES_CHECK, BUNDLE_LAYOUT.receivers, stands), passed: 0 };
  const { resolved, answered } = await resolveAll(tests.cases, config, amtool);
  const failures = tests.cases.flatMap((c) => {
    const problem = caseProblem(c, resolved.get(key(c)) ?? [], stands.receivers);
    return problem ? [problem] : [];
  });
  const passed = tests.cases.length - failures.length;
  // No case means no alert of the setup reaches any channel: monitoring that tells nobody.
  const reused =
    answered > 0 ? ` (${answered} answered by an earlier amtool run on the same routing tree, for an alert with the same values of every label its routes match on)` : '';
  const summary = tests.cases.length > 0 ? `${passed} of ${tests.cases.length} routing cases passed${reused}` : 'no routing cases: no alert of this setup reaches any channel';
  return { check: { check: ROUTES_CHECK, file: BUNDLE_LAYOUT.routingTests, passed: failures.length === 0 && tests.cases.length > 0, detail: clip([summary, ...failures].join('\n')) }, passed };
}

/** Why a case failed, or undefined when its alert went to the expected receivers and one of them stands for its channel. */
function caseProblem(c: RoutingCase, got: readonly string[], stands: Record<string, Array<{ name: string }>>): string | undefined {
  const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(' ');
  if (got.join(',') !== c.receivers.join(',')) return `{${labels}} expected ${c.receivers.join(',')}, got ${got.join(',') || 'nothing'}`;
  if (c.channel === NOTIFIER_CHANNEL) {
    // Reaches the notifier's own channels only if the ingress finds no channel for it.
    const claimed = c.receivers.flatMap((r) => stands[r] ?? [{ name: `(no receiver ${r})` }]).map((channel) => channel.name);
    return claimed.length === 0 ? undefined : `{${labels}} is meant for Jetway's notifier, but ${BUNDLE_LAYOUT.receivers} says ${got.join(',')} stands for ${claimed.join(', ')}`;
  }
  if (!c.receivers.some((r) => stands[r]?.some((channel) => channel.name === c.channel))) {
    return `{${labels}} reached ${got.join(',')}, which ${BUNDLE_LAYOUT.receivers} does not say stands for channel ${c.channel}`;
  }
  return undefined;
}

const key = (c: RoutingCase) => JSON.stringify([c.labels, c.receivers]);

/**
 * The receivers amtool resolves each distinct case to (cases differing only by channel run once);
 * a case amtool answered before on the same routing tree is not run again (see RoutingAnswers).
 * `answered` counts the cases those earlier runs answered.
 */
async function resolveAll(
  cases: readonly RoutingCase[],
  config: string,
  amtool: string,
  answers: RoutingAnswers = routingAnswers,
): Promise<{ resolved: Map<string, string[]>; answered: number }> {
  const distinct = [...new Map(cases.map((c) => [key(c), c])).values()];
  const text = await readFile(config, 'utf8').catch(() => undefined);
  const answerKey = (c: RoutingCase) => (text === undefined ? undefined : answers.keyOf(text, c.labels, c.receivers));
  const resolved = new Map<string, string[]>();
  for (const c of distinct) {
    const earlier = answerKey(c);
    const known = earlier === undefined ? undefined : answers.get(earlier);
    if (known) resolved.set(key(c), [...known]);
  }
  const answered = cases.filter((c) => resolved.has(key(c))).length;
  const toRun = distinct.filter((c) => !resolved.has(key(c)));
  await inChunks(toRun, PARALLEL, async (c) => {
    const receivers = await resolve(c, config, amtool);
    resolved.set(key(c), receivers ?? []);
    const later = receivers && answerKey(c);
    if (receivers && later) answers.set(later, receivers);
  });
  return { resolved, answered };
}

/** The receivers amtool resolved the case's alert to; undefined when amtool gave no answer (not started, killed, nothing printed). */
async function resolve(c: RoutingCase, config: string, amtool: string): Promise<string[] | undefined> {
  const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const result = await run(amtool, ['config', 'routes', 'test', `--config.file=${config}`, `--verify.receivers=${c.receivers.join(',')}`, ...labels]);
  const line = result.stdout.split('\n').find((l) => l.trim() !== '') ?? '';
  if (result.startError || (result.code !== 0 && result.code !== 1) || line.trim() === '') return undefined;
  return line.split(',').map((r) => r.trim());
}

function failed(check: string, file: string, detail: string): Check {
  return { check, file, passed: false, detail: clip(detail) };
}
