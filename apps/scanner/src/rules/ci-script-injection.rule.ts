import { isRecord } from './ci-data';
import { isGithubWorkflow, lineIn, nodeAt, parseCiYaml } from './ci-yaml.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

/**
 * Contexts an outsider writes (GitHub Security Lab's list): titles, bodies, comments, branch
 * names, commit messages and authors of issues, pull requests, reviews, pushes and workflow runs.
 */
const UNTRUSTED = new RegExp(
  [
    String.raw`github\.event\.(?:issue|pull_request|discussion)\.(?:title|body)`,
    String.raw`github\.event\.(?:comment|review|review_comment)\.body`,
    String.raw`github\.event\.pages\.[^.\s]+\.page_name`,
    String.raw`github\.event\.(?:commits\.[^.\s]+|head_commit)\.(?:message|author\.(?:email|name))`,
    String.raw`github\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)`,
    String.raw`github\.event\.workflow_run\.(?:head_branch|head_commit\.(?:message|author\.(?:email|name))|pull_requests\.[^.\s]+\.head\.ref)`,
    String.raw`github\.head_ref`,
  ].join('|'),
);
const EXPRESSION = /\$\{\{([^}]*)\}\}/g;

function check(file: TextFile): RuleMatch[] {
  const yaml = parseCiYaml(file.text);
  if (!yaml || !isRecord(yaml.data)) return [];
  const jobs = isRecord(yaml.data['jobs']) ? yaml.data['jobs'] : {};
  const matches: RuleMatch[] = [];
  for (const [job, spec] of Object.entries(jobs)) {
    const steps = isRecord(spec) && Array.isArray(spec['steps']) ? spec['steps'] : [];
    steps.forEach((step, i) => {
      if (!isRecord(step)) return;
      // `run:` scripts, and the script of actions/github-script (JavaScript, injectable the same way)
      const places: Array<[(string | number)[], unknown]> = [[['run'], step['run']]];
      if (typeof step['uses'] === 'string' && step['uses'].startsWith('actions/github-script@') && isRecord(step['with'])) places.push([['with', 'script'], step['with']['script']]);
      for (const [key, script] of places) {
        if (typeof script !== 'string') continue;
        for (const [expression, inner = ''] of script.matchAll(EXPRESSION)) {
          const context = UNTRUSTED.exec(inner)?.[0];
          if (!context) continue;
          const node = nodeAt(yaml.doc, ['jobs', job, 'steps', i, ...key]);
          matches.push({
            line: lineIn(yaml, file.text, node, expression),
            message: `${context} (set by whoever opens the issue, pull request or commit) is pasted into a script in job ${job}`,
          });
        }
      }
    });
  }
  return matches;
}

export const ciScriptInjectionRule: Rule = {
  id: 'ci/github-script-injection',
  name: 'UntrustedInputInScript',
  severity: 'high',
  description: 'A `run:` script interpolates `${{ }}` of input an outsider controls: a crafted title or branch name runs as shell code.',
  help: 'Pass the value through an environment variable (`env: { TITLE: ${{ github.event.issue.title }} }`, then "$TITLE" in the script).',
  appliesTo: isGithubWorkflow,
  check,
};
