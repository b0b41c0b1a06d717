import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { setupMatcher } from './merge-alertmanager';
import { stackJobName } from './merge-prometheus';
import { readIfPresent } from './stack-files';
import { ALERTMANAGER_HASH_RECORD, APPLIED_RECORD, list, mapping, setupDir, STACK_CONFIGS } from './stack-layout';
import { configHash, reportedConfig } from './stack-reload';
import { StackMergeError, StackVerifyError } from './stack.errors';
import type { StackUrls, VerifyResult } from './stack.port';

const POLL_MS = 250;

/** What the setup's own files say should be running: its jobs that have targets, its rule groups. */
interface Expected {
  readonly jobsWithTargets: readonly string[];
  readonly groups: readonly { file: string; name: string; rules: number }[];
  readonly routed: boolean;
}

interface ApiTarget {
  scrapePool: string;
  scrapeUrl: string;
  health: string;
  lastError: string;
  labels: Record<string, string>;
}
interface ApiGroup {
  name: string;
  file: string;
  rules: unknown[];
}

/**
 * Polls the stack until every check of the setup passes, at most `withinMs`: every active target
 * labelled `setup="<setup>"` is up (and each job with targets has some), every rule group of its
 * rule files is loaded with all its rules, Alertmanager reports the config recorded at apply time.
 */
export async function verifySetup(stackDir: string, urls: StackUrls, setup: string, withinMs: number): Promise<VerifyResult> {
  const expected = await expectedOf(stackDir, setup);
  const deadline = Date.now() + withinMs;
  for (;;) {
    const round = await checkOnce(stackDir, urls, setup, expected).catch((error: Error) => ({ problems: [`the stack did not answer: ${error.message}`], result: undefined }));
    if (round.result && round.problems.length === 0) return round.result;
    if (Date.now() >= deadline) throw new StackVerifyError(round.problems);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function checkOnce(stackDir: string, urls: StackUrls, setup: string, expected: Expected) {
  const problems: string[] = [];
  const targets = (await api<{ activeTargets: ApiTarget[] }>(`${urls.prometheus}/api/v1/targets?state=active`)).activeTargets.filter(
    (target) => target.labels['setup'] === setup,
  );
  for (const job of expected.jobsWithTargets) {
    if (!targets.some((target) => target.scrapePool === job)) problems.push(`job ${job} has no active target yet`);
  }
  for (const target of targets.filter((t) => t.health !== 'up')) {
    problems.push(`target ${target.labels['instance'] ?? target.scrapeUrl} of job ${target.scrapePool} is ${target.health}${target.lastError ? `: ${target.lastError}` : ''}`);
  }
  const loaded = (await api<{ groups: ApiGroup[] }>(`${urls.prometheus}/api/v1/rules`)).groups;
  for (const group of expected.groups) {
    const found = loaded.find((g) => g.name === group.name && posix.normalize(g.file).endsWith(`/${group.file}`));
    if (!found) problems.push(`rule group ${group.name} of ${group.file} is not loaded`);
    else if (found.rules.length !== group.rules) problems.push(`rule group ${group.name} of ${group.file} has ${found.rules.length} of its ${group.rules} rules loaded`);
  }
  const original = await reportedConfig('alertmanager', urls.alertmanager);
  const hash = configHash(original);
  const recorded = (await readIfPresent(join(stackDir, ALERTMANAGER_HASH_RECORD)))?.trim();
  if (hash !== recorded) problems.push(`alertmanager reports config sha256 ${hash}, not the ${recorded ?? '(none recorded)'} it was given`);
  if (expected.routed && !routes(original).includes(setupMatcher(setup))) problems.push(`alertmanager has no route for ${setupMatcher(setup)}`);
  const result: VerifyResult = {
    targetsUp: targets.filter((t) => t.health === 'up').length,
    targetsTotal: targets.length,
    ruleGroupsLoaded: expected.groups.length,
    rulesLoaded: expected.groups.reduce((sum, group) => sum + group.rules, 0),
    alertmanagerConfigHash: hash,
  };
  return { problems, result };
}

async function api<T>(url: string): Promise<T> {
  const body = (await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json()) as { status?: string; data?: T; error?: string };
  if (body.status !== 'success' || body.data === undefined) throw new Error(`${url}: ${body.error ?? 'no data'}`);
  return body.data;
}

function routes(original: string): string[] {
  const route = mapping(mapping(parse(original), 'alertmanager config')['route'], 'route');
  return list(route['routes'], 'routes').flatMap((child) => list(mapping(child, 'routes')['matchers'], 'matchers').map(String));
}

async function expectedOf(stackDir: string, setup: string): Promise<Expected> {
  const record = await readIfPresent(join(setupDir(stackDir, setup), APPLIED_RECORD));
  if (record === undefined) throw new StackVerifyError([`setup ${setup} has not been applied to this stack`]);
  const dir = join(setupDir(stackDir, setup), 'prometheus');
  const text = await readIfPresent(join(dir, 'prometheus.yml'));
  const routed = (await readIfPresent(join(setupDir(stackDir, setup), STACK_CONFIGS.alertmanager))) !== undefined;
  if (text === undefined) return { jobsWithTargets: [], groups: [], routed };
  const config = mapping(parse(text), `setups/${setup}/prometheus/prometheus.yml`);
  const jobsWithTargets: string[] = [];
  for (const item of list(config['scrape_configs'], 'scrape_configs')) {
    const job = mapping(item, 'scrape_configs');
    if ((await declaredTargets(dir, job)) > 0) jobsWithTargets.push(stackJobName(setup, String(job['job_name'])));
  }
  const groups = [];
  for (const file of await expand(dir, list(config['rule_files'], 'rule_files').map(String))) {
    const rules = mapping(parse((await readIfPresent(join(dir, file))) ?? ''), file);
    for (const group of list(rules['groups'], `${file} groups`).map((g) => mapping(g, `${file} groups`))) {
      groups.push({ file: posix.join('setups', setup, 'prometheus', file), name: String(group['name']), rules: list(group['rules'], 'rules').length });
    }
  }
  return { jobsWithTargets, groups, routed };
}

/** How many targets a job lists, statically or in its file_sd files. */
async function declaredTargets(dir: string, job: Record<string, unknown>): Promise<number> {
  const targetsOf = (groups: unknown) => list(groups, 'targets').reduce<number>((sum, group) => sum + list(mapping(group, 'target group')['targets'], 'targets').length, 0);
  let count = targetsOf(job['static_configs']);
  for (const sd of list(job['file_sd_configs'], 'file_sd_configs')) {
    for (const file of await expand(dir, list(mapping(sd, 'file_sd_configs')['files'], 'files').map(String))) {
      const text = (await readIfPresent(join(dir, file))) ?? '[]';
      try {
        count += targetsOf(file.endsWith('.json') ? JSON.parse(text) : parse(text));
      } catch (cause) {
        throw new StackMergeError(`${file}: not a valid file_sd targets file`, { cause });
      }
    }
  }
  return count;
}

/** Paths relative to the setup's prometheus/ dir; a `*` in the file name is expanded as Prometheus does. */
async function expand(dir: string, patterns: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of patterns) {
    if (!pattern.includes('*')) {
      found.push(posix.normalize(pattern));
      continue;
    }
    const [folder, name] = [posix.dirname(pattern), posix.basename(pattern)];
    const matcher = new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const entries = await readdir(join(dir, folder)).catch(() => []);
    found.push(...entries.filter((entry) => matcher.test(entry)).sort().map((entry) => posix.join(folder, entry)));
  }
  return found;
}
