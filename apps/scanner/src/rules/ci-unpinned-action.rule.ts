import { isGithubWorkflow, lineIn, nodeAt, parseCiYaml } from './ci-yaml.parser';
import { isRecord } from './ci-data';
import type { Rule, RuleMatch, TextFile } from './rule.model';

const FULL_SHA = /^[0-9a-f]{40}$/;

/** Whether a `uses:` reference is immutable: a full commit SHA, a local action, or an image by digest. */
export function isPinned(uses: string): boolean {
  if (uses.startsWith('./')) return true;
  if (uses.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(uses);
  const at = uses.lastIndexOf('@');
  return at !== -1 && FULL_SHA.test(uses.slice(at + 1));
}

function check(file: TextFile): RuleMatch[] {
  const yaml = parseCiYaml(file.text);
  if (!yaml || !isRecord(yaml.data) || !isRecord(yaml.data['jobs'])) return [];
  const matches: RuleMatch[] = [];
  const report = (path: (string | number)[], uses: string) =>
    matches.push({ line: lineIn(yaml, file.text, nodeAt(yaml.doc, path), uses), message: `${uses} is not pinned by a full commit SHA` });
  for (const [job, spec] of Object.entries(yaml.data['jobs'])) {
    if (!isRecord(spec)) continue;
    // a reusable workflow called by the job
    if (typeof spec['uses'] === 'string' && !isPinned(spec['uses'])) report(['jobs', job, 'uses'], spec['uses']);
    const steps = Array.isArray(spec['steps']) ? spec['steps'] : [];
    steps.forEach((step, i) => {
      if (isRecord(step) && typeof step['uses'] === 'string' && !isPinned(step['uses'])) report(['jobs', job, 'steps', i, 'uses'], step['uses']);
    });
  }
  return matches;
}

export const ciUnpinnedActionRule: Rule = {
  id: 'ci/github-unpinned-action',
  name: 'GithubActionNotPinnedBySha',
  severity: 'high',
  description: 'A workflow uses an action or reusable workflow by tag or branch: whoever controls that ref controls the job.',
  help: 'Pin every `uses:` to a full 40-character commit SHA (keep the tag in a comment: `@<sha> # v4.2.2`); Docker actions by @sha256 digest.',
  appliesTo: isGithubWorkflow,
  check,
};
