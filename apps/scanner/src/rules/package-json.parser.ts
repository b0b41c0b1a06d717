import { baseName } from './rule.model';

/** The parts of a package.json the rules read; every field is optional and checked, never trusted. */
export interface PackageManifest {
  sections: Map<string, Map<string, string>>;
}

/** Third-party manifests under node_modules are not the application's to fix. */
export function isOwnPackageJson(path: string): boolean {
  return baseName(path) === 'package.json' && !`/${path}`.includes('/node_modules/');
}

/** Parses a manifest; returns undefined for invalid JSON or a non-object (nothing to check). */
export function parsePackageJson(text: string): PackageManifest | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const sections = new Map<string, Map<string, string>>();
  for (const [key, value] of Object.entries(parsed)) {
    if (!isRecord(value)) continue;
    const strings = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
    sections.set(key, new Map(strings));
  }
  return { sections };
}

/** 1-based line of the first `"key":` at or after `fromLine`; `fromLine` when not found. */
export function keyLine(text: string, key: string, fromLine = 1): number {
  const quoted = JSON.stringify(key);
  const lines = text.split('\n');
  for (let i = fromLine - 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const at = line.indexOf(quoted);
    if (at !== -1 && /^\s*:/.test(line.slice(at + quoted.length))) return i + 1;
  }
  return fromLine;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
