import { isOwnPackageJson, keyLine, parsePackageJson } from './package-json.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

/** peerDependencies are left out: a wide peer range is the norm there, not a risk. */
const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'];

/** A version that can change under the same manifest: any version, a moving tag, or a git source. */
export function isUnpinned(version: string): boolean {
  const v = version.trim();
  return (
    ['', '*', 'x', 'latest'].includes(v) ||
    /^(?:git\+|git:|github:|gitlab:|bitbucket:)/i.test(v) ||
    /^https?:\/\/\S+\.git(?:#.*)?$/i.test(v) ||
    /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(v)
  );
}

function check(file: TextFile): RuleMatch[] {
  const manifest = parsePackageJson(file.text);
  if (!manifest) return [];
  const matches: RuleMatch[] = [];
  for (const section of SECTIONS) {
    const sectionLine = keyLine(file.text, section);
    for (const [name, version] of manifest.sections.get(section) ?? []) {
      if (!isUnpinned(version)) continue;
      matches.push({
        line: keyLine(file.text, name, sectionLine),
        message: `${section}.${name} is "${version}", which can resolve to different code on every install`,
      });
    }
  }
  return matches;
}

export const packageUnpinnedDependencyRule: Rule = {
  id: 'package/unpinned-dependency',
  name: 'UnpinnedDependency',
  severity: 'medium',
  description: 'A dependency version is "*", "latest" or a git source.',
  help: 'Use a semver range or exact version from the registry and commit the lockfile.',
  appliesTo: isOwnPackageJson,
  check,
};
