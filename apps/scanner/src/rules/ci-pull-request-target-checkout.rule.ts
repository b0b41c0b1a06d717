import { isRecord, workflowEvents } from './ci-data';
import { isGithubWorkflow, lineIn, nodeAt, parseCiYaml } from './ci-yaml.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

/** Refs that name the pull request's own (untrusted) code. */
const PR_HEAD = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/[^/\s]+\/(?:head|merge)/;

function check(file: TextFile): RuleMatch[] {
  const yaml = parseCiYaml(file.text);
  if (!yaml || !isRecord(yaml.data) || !workflowEvents(yaml.data).includes('pull_request_target')) return [];
  const jobs = isRecord(yaml.data['jobs']) ? yaml.data['jobs'] : {};
  const matches: RuleMatch[] = [];
  for (const [job, spec] of Object.entries(jobs)) {
    const steps = isRecord(spec) && Array.isArray(spec['steps']) ? spec['steps'] : [];
    steps.forEach((step, i) => {
      if (!isRecord(step) || typeof step['uses'] !== 'string' || !/^actions\/checkout@/.test(step['uses'])) return;
      const ref = isRecord(step['with']) ? step['with']['ref'] : undefined;
      const found = typeof ref === 'string' ? PR_HEAD.exec(ref) : null;
      if (!found) return;
      matches.push({
        line: lineIn(yaml, file.text, nodeAt(yaml.doc, ['jobs', job, 'steps', i, 'with', 'ref']), found[0]),
        message: `job ${job} checks out the pull request's code (${found[0]}) in a pull_request_target workflow, which runs with secrets and a write token`,
      });
    });
  }
  return matches;
}

export const ciPullRequestTargetCheckoutRule: Rule = {
  id: 'ci/github-pull-request-target-checkout',
  name: 'PullRequestTargetChecksOutHead',
  severity: 'critical',
  description: "A pull_request_target workflow checks out the pull request's head: code from any fork runs with the base repository's secrets.",
  help: 'Use `pull_request` for building untrusted code; keep pull_request_target for labelling/commenting without checking out the head, or split into a workflow_run pair.',
  appliesTo: isGithubWorkflow,
  check,
};
