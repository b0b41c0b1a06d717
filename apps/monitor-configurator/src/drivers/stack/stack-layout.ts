import { isAbsolute, join, posix } from 'node:path';
import { BUNDLE_LAYOUT } from '../../setup/bundle.types';
import { StackMergeError } from './stack.errors';
import type { StackServer } from './stack.port';

/**
 * A stack directory:
 * ```
 * prometheus/prometheus.yml        merged from every setup (plus Jetway's own scrape job)
 * alertmanager/alertmanager.yml    merged: one child route per setup
 * blackbox/blackbox.yml            merged: the modules of every setup
 * setups/<setup>/…                 each setup's bundle as generated (BUNDLE_LAYOUT paths)
 * ```
 */
export const STACK_CONFIGS: Readonly<Record<StackServer, string>> = {
  prometheus: BUNDLE_LAYOUT.prometheusConfig,
  alertmanager: BUNDLE_LAYOUT.alertmanagerConfig,
  blackbox: BUNDLE_LAYOUT.blackboxConfig,
};

/** What the stack-level configs hold besides the setups: the same for the launcher and the apply driver. */
export interface StackBase {
  /** Alertmanager's `host:port` as Prometheus reaches it. */
  readonly alertmanager: string;
  /** `host:port` of Jetway's own services, scraped as job `jetway` on `/metrics`. */
  readonly jetwayTargets?: readonly string[];
  /** Rule files (globs) the stack loads besides the setups' — Jetway's own mesh and DORA rules — as Prometheus sees them. */
  readonly ruleFiles?: readonly string[];
  /** Prometheus' global scrape interval (default `15s`); a setup's own global interval applies to its jobs. */
  readonly scrapeInterval?: string;
  /** Prometheus' rule evaluation interval (default `15s`); the shortest any setup asks for wins. */
  readonly evaluationInterval?: string;
}

export const SETUPS_DIR = 'setups';
/** Written into a setup's directory with its files: which bundle they are. */
export const APPLIED_RECORD = '.jetway-applied.json';
/** sha256 of the configuration Alertmanager reported after the last successful reload. */
export const ALERTMANAGER_HASH_RECORD = 'alertmanager/reported-config.sha256';

export function setupDir(stackDir: string, setup: string): string {
  return join(stackDir, SETUPS_DIR, setup);
}

/** A setup name is a directory name and a label value: the contracts' AppName. */
export function checkSetupName(setup: string): void {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(setup)) {
    throw new StackMergeError(`setup name ${JSON.stringify(setup)}: must be lower-case letters, digits and dashes, starting with a letter`);
  }
}

/** A bundle path must stay inside the setup's directory. */
export function checkBundlePath(path: string): void {
  const normal = posix.normalize(path);
  if (isAbsolute(path) || normal.startsWith('..') || normal === '.' || normal.startsWith(`${APPLIED_RECORD}`)) {
    throw new StackMergeError(`bundle file ${JSON.stringify(path)}: must be a relative path inside the bundle`);
  }
}

/**
 * Rewrites a path a setup's config gives relative to its own directory (`prometheus/`,
 * `alertmanager/`) so that the stack config beside it (`<stackDir>/prometheus/`) reaches the same file.
 */
export function rebase(setup: string, server: StackServer, path: string): string {
  if (path.startsWith('/')) return path;
  return posix.join('..', SETUPS_DIR, setup, posix.dirname(STACK_CONFIGS[server]), path);
}

/** A parsed YAML mapping, or a clear error naming where one was expected. */
export function mapping(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new StackMergeError(`${where}: expected a mapping`);
  return value as Record<string, unknown>;
}

export function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new StackMergeError(`${where}: expected a list`);
  return value;
}

/**
 * Rebases every relative file reference in a config subtree: keys ending in `_file` (secrets,
 * certificates) and `files` lists (file_sd), which Prometheus and Alertmanager resolve against
 * the directory of the config that names them.
 */
export function rebaseFileKeys(value: unknown, to: (path: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rebaseFileKeys(item, to));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key.endsWith('_file') && typeof inner === 'string') return [key, to(inner)];
      if (key === 'files' && Array.isArray(inner)) return [key, inner.map((file) => (typeof file === 'string' ? to(file) : file))];
      return [key, rebaseFileKeys(inner, to)];
    }),
  );
}

/** Prometheus duration (`1h30m`, `500ms`) in milliseconds; undefined when it is not one. */
export function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (units[unit ?? ''] ?? 0), 0);
}

/** Deep equality of parsed YAML values, whatever the order of their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** One applied setup's config files (by server), as read back from its directory. */
export interface AppliedSetup {
  readonly setup: string;
  readonly configs: Partial<Record<StackServer, string>>;
}
