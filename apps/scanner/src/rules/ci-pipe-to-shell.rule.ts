import { ciPlatformOf } from '@jetway/ci-validators';
import { isCiYaml, lineIn, parseCiYaml, scriptScalars } from './ci-yaml.parser';
import { PIPE_TO_SHELL } from './dockerfile-pipe-to-shell.rule';
import type { Rule, RuleMatch, TextFile } from './rule.model';

function message(tool: string): string {
  return `a CI script pipes ${tool} output straight into a shell`;
}

/** YAML platforms: every script value (run, script, before_script, bash, command …), line by line. */
function inYaml(file: TextFile): RuleMatch[] {
  const yaml = parseCiYaml(file.text);
  if (!yaml) return [];
  return scriptScalars(yaml.doc).flatMap((scalar) =>
    String(scalar.value)
      .split('\n')
      .flatMap((line) => {
        const match = PIPE_TO_SHELL.exec(line);
        return match ? [{ line: lineIn(yaml, file.text, scalar, match[0]), message: message(match[1] ?? 'a download') }] : [];
      }),
  );
}

/** Jenkinsfiles: `sh '…'` steps are Groovy strings; every line of the file is looked at. */
function inJenkinsfile(file: TextFile): RuleMatch[] {
  return file.text.split('\n').flatMap((line, index) => {
    const match = PIPE_TO_SHELL.exec(line);
    return match && !/^\s*\/\//.test(line) ? [{ line: index + 1, message: message(match[1] ?? 'a download') }] : [];
  });
}

export const ciPipeToShellRule: Rule = {
  id: 'ci/pipe-to-shell',
  name: 'CiPipeToShell',
  severity: 'high',
  description: 'A CI job downloads a script and pipes it into a shell without verifying it, with the job’s secrets in reach.',
  help: 'Download to a file, check its sha256 against a pinned value, then run it; or use a pinned action, orb or package.',
  appliesTo: (path) => isCiYaml(path) || ciPlatformOf(path) === 'jenkins',
  check: (file) => (ciPlatformOf(file.path) === 'jenkins' ? inJenkinsfile(file) : inYaml(file)),
};
