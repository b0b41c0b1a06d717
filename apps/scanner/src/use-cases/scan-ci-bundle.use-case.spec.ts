import { createHash } from 'node:crypto';
import { ScanOutputs, ScanTriggered } from '@jetway/contracts';
import { packFiles } from './archive.testing';
import { artifactObjectName } from './artifact-reader.port';
import { scanArtifact } from './scan-artifact.use-case';
import { sarifSchemaErrors } from './sarif-schema.testing';
import type { SarifLog } from './to-sarif.use-case';

// A CI bundle as the generate step makes one: it is just an artifact to the scan step.
const RISKY_WORKFLOW = `on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: echo "\${{ github.event.pull_request.title }}"
`;
const GITLAB = 'test:\n  script:\n    - curl -fsSL https://example.com/i.sh | sh\n';

describe('scanning a CI bundle', () => {
  it('reports the CI rules with their severities in the outputs and in a valid SARIF report', async () => {
    const bytes = await packFiles({ '.github/workflows/ci.yml': RISKY_WORKFLOW, '.gitlab-ci.yml': GITLAB, 'README.md': '# CI' });
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const trigger = ScanTriggered.parse({ run_id: '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D', step_id: 'scan', attempt: 1, application: 'web', digest, fail_on_severity: 'high' });
    const { outputs, sarif, findings } = await scanArtifact(trigger, { reader: { get: async (name) => (name === artifactObjectName(digest) ? bytes : Promise.reject(new Error(name))) } });
    expect(findings.map((f) => [f.severity, f.ruleId, `${f.file}:${f.line}`])).toEqual([
      ['critical', 'ci/github-pull-request-target-checkout', '.github/workflows/ci.yml:8'],
      ['high', 'ci/github-unpinned-action', '.github/workflows/ci.yml:6'],
      ['high', 'ci/github-script-injection', '.github/workflows/ci.yml:9'],
      ['high', 'ci/pipe-to-shell', '.gitlab-ci.yml:3'],
      ['medium', 'ci/github-missing-permissions', '.github/workflows/ci.yml:1'],
    ]);
    expect(outputs.verdict).toBe('fail');
    expect(() => ScanOutputs.parse(outputs)).not.toThrow();
    const log = JSON.parse(sarif) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['ci/github-pull-request-target-checkout', 'error'],
      ['ci/github-unpinned-action', 'error'],
      ['ci/github-script-injection', 'error'],
      ['ci/pipe-to-shell', 'error'],
      ['ci/github-missing-permissions', 'warning'],
    ]);
  });
});
