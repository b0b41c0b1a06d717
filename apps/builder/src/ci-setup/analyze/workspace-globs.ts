import type { ProjectTree } from './project-tree';

/**
 * The directories of `tree` that `patterns` (workspace globs as npm, pnpm, yarn, lerna and Cargo
 * write them: `services/*`, `packages/**`, `apps/web`, `!packages/legacy`) select and that hold
 * `manifest`. Sorted; the root itself is never a member.
 */
export function expandMemberGlobs(tree: ProjectTree, patterns: readonly string[], manifest: (dir: string) => boolean): string[] {
  const include = patterns.filter((pattern) => !pattern.startsWith('!')).map(globToRegExp);
  const exclude = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => globToRegExp(pattern.slice(1)));
  return tree.dirs.filter(
    (dir) => dir !== '.' && include.some((glob) => glob.test(dir)) && !exclude.some((glob) => glob.test(dir)) && manifest(dir),
  );
}

export function globToRegExp(pattern: string): RegExp {
  const clean = pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < clean.length; i += 1) {
    const char = clean[i] as string;
    if (char === '*' && clean[i + 1] === '*') {
      // `a/**` matches a and anything under it; `**/b` any depth of directories before b.
      source += '.*';
      i += 1;
      if (clean[i + 1] === '/') i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
