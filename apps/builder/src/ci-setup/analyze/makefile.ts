import type { ProjectTree } from './project-tree';
import { inDir } from './project-tree';

const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/**
 * The explicit targets of the Makefile in `dir` (`name:` at the start of a line; not variable
 * assignments `:=`/`::=`, special targets like `.PHONY`, or pattern rules `%.o:`). No Makefile
 * parser exists on npm worth the name; this reads the rule lines `make` itself would list first.
 */
export function makeTargets(tree: ProjectTree, dir: string): { file: string; targets: Set<string> } | undefined {
  const name = MAKEFILES.find((candidate) => tree.has(inDir(dir, candidate)));
  if (name === undefined) return undefined;
  const file = inDir(dir, name);
  const targets = new Set<string>();
  for (const line of (tree.read(file) ?? '').split(/\r?\n/)) {
    const rule = /^([A-Za-z0-9_][A-Za-z0-9_./ -]*?)\s*:(?![:=])/.exec(line);
    if (!rule) continue;
    for (const target of (rule[1] ?? '').split(/\s+/)) if (target !== '' && !target.includes('%')) targets.add(target);
  }
  return { file, targets };
}

/** `make <target>` when the Makefile in `dir` has that target (first of `names` found). */
export function makeCommand(tree: ProjectTree, dir: string, ...names: string[]): string | undefined {
  const make = makeTargets(tree, dir);
  const target = names.find((name) => make?.targets.has(name));
  return target === undefined ? undefined : `make ${target}`;
}
