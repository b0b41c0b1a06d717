import { isRecord } from './ci-data';
import { isGithubWorkflow, lineIn, nodeAt, parseCiYaml } from './ci-yaml.parser';
import type { Rule, RuleMatch, TextFile } from './rule.model';

/**
 * Two severities, two rules. `write-all` grants the job's GITHUB_TOKEN every write scope on
 * purpose: high. No `permissions` at all leaves the token at the repository's or organisation's
 * default, which is read-only on repositories created since 2023 but write-all on older ones and
 * wherever an admin chose so: medium, because the file alone cannot say which.
 */
function writeAll(file: TextFile): RuleMatch[] {
  const yaml = parseCiYaml(file.text);
  if (!yaml || !isRecord(yaml.data)) return [];
  const places: Array<[(string | number)[], unknown]> = [[['permissions'], yaml.data['permissions']]];
  const jobs = isRecord(yaml.data['jobs']) ? yaml.data['jobs'] : {};
  for (const [job, spec] of Object.entries(jobs)) if (isRecord(spec)) places.push([['jobs', job, 'permissions'], spec['permissions']]);
  return places
    .filter(([, value]) => value === 'write-all')
    .map(([path]) => ({
      line: lineIn(yaml, file.text, nodeAt(yaml.doc, path), 'write-all'),
      message: `${path.length === 1 ? 'the workflow' : `job ${String(path[1])}`} gives GITHUB_TOKEN write-all permissions`,
    }));
}

function missing(file: TextFile): RuleMatch[] {
  const yaml = parseCiYaml(file.text);
  if (!yaml || !isRecord(yaml.data) || 'permissions' in yaml.data) return [];
  const jobs = isRecord(yaml.data['jobs']) ? yaml.data['jobs'] : {};
  const open = Object.entries(jobs).filter(([, spec]) => isRecord(spec) && !('permissions' in spec) && typeof spec['uses'] !== 'string');
  if (open.length === 0) return [];
  return [{ line: 1, message: `no permissions: set for the workflow nor for job${open.length === 1 ? '' : 's'} ${open.map(([job]) => job).join(', ')}` }];
}

export const ciWriteAllPermissionsRule: Rule = {
  id: 'ci/github-write-all-permissions',
  name: 'GithubTokenWriteAll',
  severity: 'high',
  description: 'A workflow or job gives its GITHUB_TOKEN every write permission (`permissions: write-all`).',
  help: 'Grant only what the job needs, e.g. `permissions: { contents: read }` at the top and `packages: write` on the job that publishes.',
  appliesTo: isGithubWorkflow,
  check: writeAll,
};

export const ciMissingPermissionsRule: Rule = {
  id: 'ci/github-missing-permissions',
  name: 'GithubTokenDefaultPermissions',
  severity: 'medium',
  description: "A workflow sets no `permissions`: its GITHUB_TOKEN gets the repository's default, write-all on many repositories.",
  help: 'Add `permissions: { contents: read }` at the top of the workflow and widen it per job where needed.',
  appliesTo: isGithubWorkflow,
  check: missing,
};
