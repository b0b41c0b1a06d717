import { isOwnPackageJson, keyLine, parsePackageJson } from './package-json.parser';
import type { Rule, RuleMatch, ScanContext, TextFile } from './rule.model';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/** Workspaces keep one lockfile at their root, so a lockfile in any parent directory counts. */
function hasLockfile(packagePath: string, paths: ReadonlySet<string>): boolean {
  const dirs = packagePath.split('/').slice(0, -1);
  for (let depth = dirs.length; depth >= 0; depth--) {
    const prefix = dirs.slice(0, depth).map((dir) => `${dir}/`).join('');
    if (LOCKFILES.some((lockfile) => paths.has(`${prefix}${lockfile}`))) return true;
  }
  return false;
}

function check(file: TextFile, context: ScanContext): RuleMatch[] {
  const manifest = parsePackageJson(file.text);
  if (!manifest || hasLockfile(file.path, context.paths)) return [];
  const section = ['dependencies', 'devDependencies'].find((name) => (manifest.sections.get(name)?.size ?? 0) > 0);
  if (section === undefined) return [];
  return [{ line: keyLine(file.text, section), message: `${section} are declared but no lockfile is present` }];
}

export const packageMissingLockfileRule: Rule = {
  id: 'package/missing-lockfile',
  name: 'MissingLockfile',
  severity: 'low',
  description: 'The package declares dependencies but the artifact has no lockfile.',
  help: 'Commit package-lock.json (or yarn.lock / pnpm-lock.yaml) and install with npm ci.',
  appliesTo: isOwnPackageJson,
  check,
};
