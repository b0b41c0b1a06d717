import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { compileSchema, schemaFindings } from '../common/schema-check';
import { cannotRun, verdict } from '../common/verdict';
import { readYaml } from '../common/yaml-source';
import type { CiFile, ValidatorVerdict } from '../types';
import { gitlabReferenceFindings } from './gitlab-references';
import { loadGitlabSchema } from './gitlab-schema';

export const GITLAB_SCHEMA = `GitLab CI schema (ci.json as bundled by gitlab-ci-local ${packageVersion()})`;
export const GITLAB_REFERENCES = 'Jetway reference checks (GitLab: needs, dependencies, stages, extends, local includes)';

let schema: ValidateFunction | undefined;

/** A `.gitlab-ci.yml` against GitLab's own schema, then the references GitLab checks when it creates the pipeline. */
export async function validateGitlabCi(file: CiFile, bundle: readonly CiFile[]): Promise<ValidatorVerdict[]> {
  const source = readYaml(file.content);
  const schemaVerdict = (() => {
    try {
      schema ??= compileSchema(loadGitlabSchema());
      return verdict(file, GITLAB_SCHEMA, schemaFindings(schema, source));
    } catch (error) {
      return cannotRun(file, GITLAB_SCHEMA, error);
    }
  })();
  const references = source.errors.length > 0 ? source.errors : gitlabReferenceFindings(source, new Set(bundle.map((f) => f.path)));
  return [schemaVerdict, verdict(file, GITLAB_REFERENCES, references)];
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('gitlab-ci-local/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '(not installed)';
  }
}
