import type { CiFile } from '../types';
import { loadGitlabSchema } from './gitlab-schema';
import { GITLAB_REFERENCES, GITLAB_SCHEMA, validateGitlabCi } from './gitlab.validator';

const VALID = `stages: [build, test, deploy]
default:
  image: node:22
.node:
  cache:
    key:
      files: [package-lock.json]
    paths: [.npm/]
  before_script:
    - npm ci --cache .npm
build:
  extends: .node
  stage: build
  script: [npm run build]
  artifacts:
    paths: [dist/]
test:
  extends: .node
  stage: test
  needs: [build]
  dependencies: [build]
  script: [npm test]
  coverage: '/Lines\\s*:\\s*(\\d+\\.?\\d*)%/'
deploy_production:
  stage: deploy
  needs:
    - job: test
    - job: lint
      optional: true
  script: [./deploy.sh production]
  environment:
    name: production
  when: manual
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`;

const gitlab = (content: string): CiFile => ({ path: '.gitlab-ci.yml', platform: 'gitlab_ci', content });

function planted(find: string, replace: string): CiFile {
  if (!VALID.includes(find)) throw new Error(`sample has no '${find}'`);
  return gitlab(VALID.replace(find, replace));
}

async function check(file: CiFile) {
  const [schema, references] = await validateGitlabCi(file, [file]);
  return { schema, references };
}

describe('GitLab CI', () => {
  it("takes GitLab's own schema out of gitlab-ci-local's bundle", () => {
    const schema = loadGitlabSchema() as { $id: string; definitions: Record<string, unknown> };
    expect(schema.$id).toBe('https://gitlab.com/.gitlab-ci.yml');
    expect(Object.keys(schema.definitions)).toEqual(expect.arrayContaining(['job', 'job_template', 'rules', 'include_item']));
  });

  it('a valid pipeline passes the schema and the reference checks', async () => {
    const { schema, references } = await check(gitlab(VALID));
    expect(schema).toEqual({ file: '.gitlab-ci.yml', platform: 'gitlab_ci', validator: expect.stringMatching(/^GitLab CI schema \(ci\.json as bundled by gitlab-ci-local \d+\.\d+\.\d+\)$/), ok: true, findings: [] });
    expect(references).toEqual({ file: '.gitlab-ci.yml', platform: 'gitlab_ci', validator: GITLAB_REFERENCES, ok: true, findings: [] });
  });

  it('needs of an unknown job fails the reference checks, with the line', async () => {
    const { schema, references } = await check(planted('needs: [build]', 'needs: [biuld]'));
    expect(schema?.ok).toBe(true);
    expect(references).toMatchObject({ ok: false, findings: [{ message: "test: needs 'biuld', which is not a job of this pipeline", line: 20 }] });
  });

  it('dependencies, stages and extends are checked too', async () => {
    const file = planted('  dependencies: [build]', '  dependencies: [deploy_production]').content.replace('stage: build', 'stage: compile').replace('extends: .node\n  stage: test', 'extends: .nod\n  stage: test');
    const { references } = await check(gitlab(file));
    expect(references?.findings.map((f) => f.message)).toEqual([
      "build: stage 'compile' is not in stages (.pre, build, test, deploy, .post)",
      "test: extends '.nod', which is not defined in this file",
    ]);
    const later = await check(planted('  dependencies: [build]', '  dependencies: [deploy_production]'));
    expect(later.references?.findings).toEqual([{ message: "test: dependencies 'deploy_production', which runs in a later stage (deploy)", line: 21 }]);
  });

  it('an unknown key fails the schema, naming it and its line', async () => {
    const { schema } = await check(planted('  when: manual', '  when: manual\n  retries: 2'));
    expect(schema).toMatchObject({ validator: GITLAB_SCHEMA, ok: false });
    expect(schema?.findings).toContainEqual({ message: expect.stringContaining("unexpected key 'retries'"), line: 34 });
  });

  it('a job with nothing to run is flagged', async () => {
    const { references } = await check(planted('  script: [./deploy.sh production]\n', ''));
    expect(references?.findings).toEqual([{ message: 'deploy_production: a job needs script, run or trigger (GitLab refuses the pipeline)', line: 24 }]);
  });

  it('a local include missing from the bundle is flagged', async () => {
    const { references } = await check(gitlab(`include:\n  - local: ci/templates.yml\n${VALID}`));
    expect(references?.findings).toEqual([{ message: "include: local file 'ci/templates.yml' is not in the bundle", line: 2 }]);
  });

  it('a YAML syntax error fails both verdicts with its line', async () => {
    const { schema, references } = await check(gitlab('build:\n  script: [a\n'));
    expect(schema?.ok).toBe(false);
    expect(references?.findings[0]?.message).toMatch(/^YAML: /);
  });
});
