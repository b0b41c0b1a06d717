import { isDockerfile, parseDockerfile, words } from './dockerfile.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

/** The tag of an image reference, or undefined; a ':' before the last '/' is a registry port. */
function tagOf(image: string): string | undefined {
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
}

function check(file: TextFile): RuleMatch[] {
  const stages = new Set<string>();
  const matches: RuleMatch[] = [];
  for (const instruction of parseDockerfile(file.text)) {
    if (instruction.keyword !== 'FROM') continue;
    const [image = '', as, stage] = words(instruction.args);
    const fromStage = stages.has(image.toLowerCase());
    if (as?.toLowerCase() === 'as' && stage) stages.add(stage.toLowerCase());
    // Earlier stages, scratch, digests and build-arg images are not floating tags we can judge.
    if (fromStage || image === 'scratch' || image.includes('@') || image.includes('$') || image === '') continue;
    const tag = tagOf(image);
    if (tag === undefined) {
      matches.push({ line: instruction.line, message: `FROM ${image} has no tag, so it means :latest` });
    } else if (tag === 'latest') {
      matches.push({ line: instruction.line, message: `FROM ${image} uses the moving :latest tag` });
    }
  }
  return matches;
}

export const dockerfileUnpinnedBaseRule: Rule = {
  id: 'dockerfile/unpinned-base-image',
  name: 'UnpinnedBaseImage',
  severity: 'medium',
  description: 'A base image has no tag or uses :latest, so rebuilds pick up different images.',
  help: 'Pin a version tag (node:20.11-alpine), or better a digest (node@sha256:...).',
  appliesTo: isDockerfile,
  check,
};
