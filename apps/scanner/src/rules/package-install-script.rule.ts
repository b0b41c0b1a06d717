import { isOwnPackageJson, keyLine, parsePackageJson } from './package-json.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

const INSTALL_HOOKS = ['preinstall', 'install', 'postinstall'];

function check(file: TextFile): RuleMatch[] {
  const scripts = parsePackageJson(file.text)?.sections.get('scripts');
  if (!scripts) return [];
  const scriptsLine = keyLine(file.text, 'scripts');
  return INSTALL_HOOKS.flatMap((hook) => {
    const command = scripts.get(hook);
    if (command === undefined) return [];
    const shown = command.length > 80 ? `${command.slice(0, 77)}...` : command;
    return [{ line: keyLine(file.text, hook, scriptsLine), message: `scripts.${hook} runs on install: "${shown}"` }];
  });
}

export const packageInstallScriptRule: Rule = {
  id: 'package/install-script',
  name: 'InstallScript',
  severity: 'low',
  description: 'The package runs a preinstall, install or postinstall script.',
  help: 'Prefer an explicit build step; install hooks run with the installing user\'s rights on every install.',
  appliesTo: isOwnPackageJson,
  check,
};
