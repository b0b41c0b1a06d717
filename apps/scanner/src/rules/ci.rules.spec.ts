import { awsAccessKeyRule } from './aws-access-key.rule';
import { ciMissingPermissionsRule, ciWriteAllPermissionsRule } from './ci-permissions.rules';
import { ciPipeToShellRule } from './ci-pipe-to-shell.rule';
import { ciPullRequestTargetCheckoutRule } from './ci-pull-request-target-checkout.rule';
import { ciScriptInjectionRule } from './ci-script-injection.rule';
import { ciUnpinnedActionRule, isPinned } from './ci-unpinned-action.rule';
import { highEntropySecretRule } from './high-entropy-secret.rule';
import type { Rule } from './rule.model';

const WORKFLOW = '.github/workflows/ci.yml';
const SHA = 'a'.repeat(40);

function run(rule: Rule, text: string, path = WORKFLOW) {
  return rule.appliesTo(path) ? rule.check({ path, text }, { paths: new Set([path]) }) : [];
}
const lines = (rule: Rule, text: string, path?: string) => run(rule, text, path).map((m) => m.line);

/** A least-privilege, pinned workflow: every rule's clean counterpart starts from it. */
const CLEAN = `on:
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA} # v4
      - uses: ./.github/actions/setup
      - uses: docker://alpine@sha256:${'b'.repeat(64)}
      - run: echo "$TITLE"
        env:
          TITLE: \${{ github.event.pull_request.title }}
`;

describe('CI configuration rules', () => {
  it.each([ciUnpinnedActionRule, ciWriteAllPermissionsRule, ciMissingPermissionsRule, ciPullRequestTargetCheckoutRule, ciScriptInjectionRule, ciPipeToShellRule])(
    '%s: the clean workflow passes',
    (rule) => expect(run(rule, CLEAN)).toEqual([]),
  );

  it('unpinned actions (tag, branch, short SHA, image without digest, reusable workflow) are high, with their lines', () => {
    const text = CLEAN.replace(`actions/checkout@${SHA} # v4`, 'actions/checkout@v4')
      .replace(`docker://alpine@sha256:${'b'.repeat(64)}`, 'docker://alpine:3.20')
      .concat('  release:\n    uses: org/workflows/.github/workflows/release.yml@main\n');
    expect(ciUnpinnedActionRule.severity).toBe('high');
    expect(run(ciUnpinnedActionRule, text).map((m) => [m.line, m.message])).toEqual([
      [9, 'actions/checkout@v4 is not pinned by a full commit SHA'],
      [11, 'docker://alpine:3.20 is not pinned by a full commit SHA'],
      [16, 'org/workflows/.github/workflows/release.yml@main is not pinned by a full commit SHA'],
    ]);
    expect([isPinned(`actions/setup-node@${SHA.slice(0, 7)}`), isPinned(`actions/setup-node@${SHA}`), isPinned('./local')]).toEqual([false, true, true]);
  });

  it('write-all is high wherever it is; no permissions at all is medium', () => {
    expect(lines(ciWriteAllPermissionsRule, CLEAN.replace('permissions:\n  contents: read', 'permissions: write-all'))).toEqual([3]);
    expect(lines(ciWriteAllPermissionsRule, CLEAN.replace('    runs-on: ubuntu-latest', '    runs-on: ubuntu-latest\n    permissions: write-all'))).toEqual([8]);
    const none = CLEAN.replace('permissions:\n  contents: read\n', '');
    expect(run(ciMissingPermissionsRule, none)).toEqual([{ line: 1, message: 'no permissions: set for the workflow nor for job test' }]);
    // every job scoped on its own is least privilege too
    expect(run(ciMissingPermissionsRule, none.replace('    runs-on: ubuntu-latest', '    runs-on: ubuntu-latest\n    permissions: {}'))).toEqual([]);
    expect([ciWriteAllPermissionsRule.severity, ciMissingPermissionsRule.severity]).toEqual(['high', 'medium']);
  });

  it('pull_request_target checking out the head is critical; the base checkout and pull_request are not', () => {
    const head = CLEAN.replace('  pull_request:', '  pull_request_target:').replace(`# v4\n`, `# v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n`);
    expect(run(ciPullRequestTargetCheckoutRule, head)).toEqual([
      { line: 11, message: "job test checks out the pull request's code (github.event.pull_request.head.sha) in a pull_request_target workflow, which runs with secrets and a write token" },
    ]);
    expect(lines(ciPullRequestTargetCheckoutRule, head.replace('pull_request.head.sha', 'pull_request.head.ref'))).toEqual([11]);
    expect(run(ciPullRequestTargetCheckoutRule, CLEAN.replace('  pull_request:', '  pull_request_target:'))).toEqual([]);
    expect(run(ciPullRequestTargetCheckoutRule, head.replace('  pull_request_target:', '  pull_request:'))).toEqual([]);
    expect(ciPullRequestTargetCheckoutRule.severity).toBe('critical');
  });

  it('untrusted ${{ }} inside run: (and github-script) is high; through env it is not', () => {
    const injected = CLEAN.replace('echo "$TITLE"', '|\n          echo start\n          echo "${{ github.event.pull_request.title }}" on ${{ github.head_ref }}');
    expect(run(ciScriptInjectionRule, injected).map((m) => [m.line, m.message.split(' (')[0]])).toEqual([
      [14, 'github.event.pull_request.title'],
      [14, 'github.head_ref'],
    ]);
    const trusted = CLEAN.replace('echo "$TITLE"', 'echo "${{ github.sha }} ${{ matrix.node }}"');
    expect(run(ciScriptInjectionRule, trusted)).toEqual([]);
    const script = CLEAN.replace(`      - run: echo "$TITLE"`, `      - uses: actions/github-script@${SHA}\n        with:\n          script: console.log("\${{ github.event.issue.body }}")`);
    expect(lines(ciScriptInjectionRule, script)).toEqual([14]);
  });

  it('curl | sh is high in every platform’s scripts, with the line; a downloaded, checked file is not', () => {
    const pipe = 'curl -fsSL https://get.example.com/install.sh | bash';
    expect(lines(ciPipeToShellRule, CLEAN.replace('echo "$TITLE"', `|\n          set -e\n          ${pipe}`))).toEqual([14]);
    expect(lines(ciPipeToShellRule, `test:\n  before_script:\n    - apt-get update\n    - ${pipe}\n  script: [make]\n`, '.gitlab-ci.yml')).toEqual([4]);
    expect(lines(ciPipeToShellRule, `version: 2.1\njobs:\n  a:\n    steps:\n      - run:\n          name: install\n          command: wget -qO- https://x.sh | sudo sh\n`, '.circleci/config.yml')).toEqual([7]);
    expect(lines(ciPipeToShellRule, `steps:\n  - bash: ${pipe}\n`, 'azure-pipelines.yml')).toEqual([2]);
    expect(lines(ciPipeToShellRule, `pipeline {\n  agent any\n  stages {\n    stage('x') {\n      steps {\n        sh '${pipe}'\n      }\n    }\n  }\n}\n`, 'Jenkinsfile')).toEqual([6]);
    expect(run(ciPipeToShellRule, `test:\n  script:\n    - curl -fsSLo install.sh https://x/install.sh\n    - echo "\${SHA}  install.sh" | sha256sum -c\n    - sh install.sh\n`, '.gitlab-ci.yml')).toEqual([]);
    expect(ciPipeToShellRule.appliesTo('scripts/install.yml')).toBe(false);
  });

  it('the secret rules already fire on CI files; references to the platforms’ secret stores do not', () => {
    const key = 'AKIA' + 'Q3ZT7WLM2XKD9PRB';
    const leaked = CLEAN.replace('          TITLE:', `          AWS_ACCESS_KEY_ID: ${key}\n          API_TOKEN: "Zx8#qR2!vL9@mN4$tP7&kW1"\n          TITLE:`);
    expect(lines(awsAccessKeyRule, leaked)).toEqual([14]);
    expect(lines(highEntropySecretRule, leaked)).toEqual([15]);
    const referenced = [
      '          API_TOKEN: ${{ secrets.API_TOKEN_FOR_DEPLOYMENTS }}',
      '  variables:\n    API_TOKEN: $CI_DEPLOY_API_TOKEN_VALUE',
      '  - script: deploy --api_token=$(deploymentApiTokenValue)',
    ].join('\n');
    expect(run(highEntropySecretRule, referenced, '.gitlab-ci.yml')).toEqual([]);
  });
});
