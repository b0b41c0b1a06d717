import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { BUNDLE_LAYOUT, type Check } from '../../bundle.types';
import { inChunks } from '../in-chunks';
import { ruleTestCount } from './rule-tests';

/** The validators' verdicts on a written bundle, and how many generated rule tests passed. */
export interface PrometheusValidation {
  readonly checks: Check[];
  readonly ruleTestsPassed: number;
}

export interface Tool {
  readonly name: string;
  /** Read at each run, so a test (or an operator) can point at another build. */
  readonly binary: () => string;
  readonly install: string;
}

export const PROMTOOL: Tool = {
  name: 'promtool',
  binary: () => process.env['JETWAY_PROMTOOL_BIN'] ?? 'promtool',
  install: 'install it (Debian/Ubuntu: apt-get install prometheus; or set JETWAY_PROMTOOL_BIN)',
};
export const BLACKBOX: Tool = {
  name: 'prometheus-blackbox-exporter',
  binary: () => process.env['JETWAY_BLACKBOX_EXPORTER_BIN'] ?? 'prometheus-blackbox-exporter',
  install: 'install it (Debian/Ubuntu: apt-get install prometheus-blackbox-exporter; or set JETWAY_BLACKBOX_EXPORTER_BIN)',
};

/** The contract's limit on a check's detail. */
const DETAIL_MAX = 2000;
const TOOL_TIMEOUT_MS = 120_000;

/** {@link validatePrometheus}'s checks alone. */
export async function checkPrometheus(dir: string): Promise<Check[]> {
  return (await validatePrometheus(dir)).checks;
}

/**
 * Runs the formats' own tools over the Prometheus part of a bundle written under `dir`:
 * `promtool check config`, `promtool check rules` and `promtool test rules` per file, and the
 * blackbox exporter's `--config.check` (`ruleTests: false`: no `promtool test rules`). One Check
 * per tool and file, each with the tool's own words on failure; a tool that is not installed is
 * a failed check saying how to install it. `promtool check config` checks every file its
 * `rule_files` name as `check rules` does (one process instead of one per file): a rules file it
 * checked and passed is not checked again, and a config that fails has each file checked alone
 * so the failure names its file.
 */
export async function validatePrometheus(dir: string, options: { readonly ruleTests?: boolean } = {}): Promise<PrometheusValidation> {
  const blackbox = BUNDLE_LAYOUT.blackboxConfig;
  // The config (with the rules it names) and the blackbox modules side by side: a release's
  // monitor step waits for the slowest, not their sum. Rule tests (~1 s of CPU each) one after another.
  const [config, modules] = await Promise.all([
    runCheck(dir, PROMTOOL, 'promtool check config', BUNDLE_LAYOUT.prometheusConfig, ['check', 'config']),
    passedBefore(dir, BLACKBOX, 'blackbox exporter --config.check', blackbox) ?? runCheck(dir, BLACKBOX, 'blackbox exporter --config.check', blackbox, ['--config.check', `--config.file=${blackbox}`], false).then(remembered(dir, BLACKBOX)),
  ]);
  const checked = config.passed ? rulesCheckedBy(config.output ?? '') : new Map<string, string>();
  const rules = await inChunks(filesIn(dir, 'prometheus/rules', '.yml'), PARALLEL_CHECKS, async (file): Promise<Check> => {
    const found = checked.get(file);
    if (found !== undefined) return { check: 'promtool check rules', file, passed: true, detail: clip(`${found} (checked by promtool check config: the config's rule_files name it)`) };
    return runCheck(dir, PROMTOOL, 'promtool check rules', file, ['check', 'rules']);
  });
  const checks: Check[] = [withoutOutput(config), ...rules.map(withoutOutput)];
  let ruleTestsPassed = 0;
  for (const file of options.ruleTests === false ? [] : filesIn(dir, 'prometheus/tests', '.test.yml')) {
    const result = await ruleTests(dir, file);
    checks.push(result.check);
    ruleTestsPassed += result.passed;
  }
  checks.push(withoutOutput(modules));
  return { checks, ruleTestsPassed };
}

/**
 * The rules files a passing `promtool check config` checked, with their success words: it
 * prints `Checking <file>` and then `SUCCESS: N rules found` for each file its `rule_files` name.
 * A file it did not name this way is checked on its own.
 */
export function rulesCheckedBy(output: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = output.split('\n').map((line) => line.trim());
  lines.forEach((line, i) => {
    const file = /^Checking (.+\.ya?ml)$/.exec(line)?.[1];
    const next = lines.slice(i + 1).find((l) => l !== '');
    if (file && next && /^SUCCESS: \d+ rules? found$/.test(next)) found.set(file.replace(/^\.\//, ''), next);
  });
  return found;
}

/** A check as the step reports it: the tool's full output stays here. */
function withoutOutput({ output: _output, ...check }: Check & { output?: string }): Check {
  return check;
}

/** Content digests (with the binary that checked them) of files a tool passed: the blackbox modules are the same in every bundle. */
const passedFiles = new Map<string, string>();
const PASSED_FILES_LIMIT = 256;

function contentKey(dir: string, tool: Tool, file: string): string | undefined {
  try {
    return `${tool.binary()}\0${file}\0${createHash('sha256').update(readFileSync(join(dir, file))).digest('hex')}`;
  } catch {
    return undefined;
  }
}

/**
 * The same file bytes a tool passed before pass again without running it (a tool's verdict on a
 * file that names no other file is a function of its bytes); the detail says the run it reuses.
 */
export function passedBefore(dir: string, tool: Tool, check: string, file: string): Promise<Check> | undefined {
  const key = contentKey(dir, tool, file);
  const detail = key && passedFiles.get(key);
  if (!detail) return undefined;
  return Promise.resolve({ check, file, passed: true, detail: clip(`${detail} (the same bytes passed ${tool.name} earlier: not run again)`) });
}

/** Keeps a pass of `tool` on a file by its content (the first in, out first beyond the limit). */
function remembered(dir: string, tool: Tool): (check: Check & { output?: string }) => Check & { output?: string } {
  return (check) => {
    if (check.passed && check.file) rememberPass(dir, tool, check.file, check.detail ?? 'passed');
    return check;
  };
}

/** Keeps that `tool` passed `file` (under `dir`) as its bytes are now, with the words it passed with (see passedBefore). */
export function rememberPass(dir: string, tool: Tool, file: string, detail: string): void {
  const key = contentKey(dir, tool, file);
  if (key) keepBounded(passedFiles, key, detail);
}

/** Sets `key` in a pass cache, the first in going out first beyond PASSED_FILES_LIMIT. */
function keepBounded<T>(passes: Map<string, T>, key: string, value: T): void {
  passes.set(key, value);
  if (passes.size > PASSED_FILES_LIMIT) passes.delete(passes.keys().next().value as string);
}

/** Tool runs at once for a bundle's rules files. */
const PARALLEL_CHECKS = 4;

/** Rule test files that passed, by their key (see {@link testFile}): how many cases passed (the first in, out first beyond the limit). */
const passedTests = new Map<string, number>();

/**
 * `promtool test rules` on one file: passed cases are the file's cases less those promtool names
 * as failed. A file whose bytes, and the bytes of the rules files it names, passed before is not
 * run again (the verdict is a function of them and of promtool; the detail says so): a setup
 * validated again, or with one item changed, runs only the tests whose files changed.
 */
async function ruleTests(dir: string, file: string): Promise<{ check: Check; passed: number }> {
  const { total, key } = testFile(dir, file);
  const cases = (n: number) => `${n} test case${n === 1 ? '' : 's'} passed`;
  const earlier = key === undefined ? undefined : passedTests.get(key);
  if (earlier !== undefined) {
    return { check: { check: 'promtool test rules', file, passed: true, detail: `${cases(earlier)} (the same test and rules bytes passed promtool test rules earlier: not run again)` }, passed: earlier };
  }
  const check = withoutOutput(await runCheck(dir, PROMTOOL, 'promtool test rules', file, ['test', 'rules']));
  if (check.passed && key !== undefined) keepBounded(passedTests, key, total);
  if (check.passed) return { check: { ...check, detail: cases(total) }, passed: total };
  const failed = new Set([...(check.detail ?? '').matchAll(/^\s+name: (.+),$/gm)].map((m) => m[1]));
  return { check, passed: failed.size > 0 ? Math.max(0, total - failed.size) : 0 };
}

/** One tool run as a Check, with the tool's whole output beside it (for `rulesCheckedBy`). */
async function runCheck(dir: string, tool: Tool, check: string, file: string, args: string[], appendFile = true): Promise<Check & { output?: string }> {
  if (!existsSync(join(dir, file))) return { check, file, passed: false, detail: `${file} is missing from the bundle` };
  const result = await run(tool, appendFile ? [...args, file] : args, dir);
  if (result.missing) return { check, file, passed: false, detail: `${tool.name} is not installed: ${tool.install}` };
  return { check, file, passed: result.ok, detail: result.ok ? successLine(result.output) : clip(result.output), output: result.output };
}

export function run(tool: Tool, args: string[], cwd: string): Promise<{ ok: boolean; missing: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(tool.binary(), args, { cwd, timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ ok: error === null, missing, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** The tool's own success words (`SUCCESS: 20 rules found`, `Config file is ok exiting...`). */
function successLine(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  const line = lines.find((l) => l.startsWith('SUCCESS')) ?? lines.find((l) => /is ok/.test(l)) ?? lines.at(-1) ?? '';
  return clip(line.replace(/^.*msg="([^"]*)".*$/, '$1'));
}

function clip(text: string): string {
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

/** Bundle-relative paths of the files in `folder` ending in `suffix`, sorted. */
export function filesIn(dir: string, folder: string, suffix: string): string[] {
  const path = join(dir, folder);
  if (!existsSync(path)) return [];
  return readdirSync(path)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** How many `promtool test rules` cases a written test file holds (0 when it cannot be read). */
export function casesIn(path: string): number {
  try {
    return ruleTestCount(parse(readFileSync(path, 'utf8')) as { tests?: unknown });
  } catch {
    return 0;
  }
}

/**
 * A written test file's case count, and what its verdict depends on: promtool, the file's bytes
 * and those of the rules files its `rule_files` name (resolved from its folder, as promtool
 * does). No key — the tests run — when the file or a rules file cannot be read, or a name is a glob.
 */
function testFile(dir: string, file: string): { total: number; key?: string } {
  try {
    const bytes = readFileSync(join(dir, file));
    const doc = parse(bytes.toString('utf8')) as { tests?: unknown; rule_files?: unknown };
    const total = ruleTestCount(doc);
    const named = Array.isArray(doc.rule_files) ? (doc.rule_files as unknown[]) : [];
    if (!named.every((name): name is string => typeof name === 'string' && !/[*?[\]{}]/.test(name))) return { total };
    const hash = createHash('sha256').update(bytes);
    for (const name of named) hash.update(`\0${name}\0`).update(readFileSync(join(dir, dirname(file), name)));
    return { total, key: `${PROMTOOL.binary()}\0${file}\0${hash.digest('hex')}` };
  } catch {
    return { total: casesIn(join(dir, file)) };
  }
}
