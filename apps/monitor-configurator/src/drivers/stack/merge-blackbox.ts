import { parseYaml } from './merge-prometheus';
import { mapping, sameValue, type AppliedSetup } from './stack-layout';
import { StackMergeError } from './stack.errors';

/**
 * The stack's blackbox.yml: the modules of every setup. Setups' probe jobs name modules by their
 * own name (`params.module`), so a module two setups define must be the same; a different one is refused.
 */
export function mergeBlackbox(setups: readonly AppliedSetup[]): Record<string, unknown> {
  const modules: Record<string, { module: unknown; setup: string }> = {};
  for (const { setup, configs } of setups) {
    if (configs.blackbox === undefined) continue;
    const where = `setups/${setup}/blackbox/blackbox.yml`;
    for (const [name, module] of Object.entries(mapping(mapping(parseYaml(configs.blackbox, where), where)['modules'], `${where} modules`))) {
      const before = modules[name];
      if (before && !sameValue(before.module, module)) {
        throw new StackMergeError(`${where}: module ${name} differs from setup ${before.setup}'s module of that name; rename one of them`);
      }
      modules[name] = { module, setup };
    }
  }
  return { modules: Object.fromEntries(Object.entries(modules).map(([name, { module }]) => [name, module])) };
}
