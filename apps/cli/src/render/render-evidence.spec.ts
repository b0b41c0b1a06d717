import type { RunStatusView } from '@jetway/contracts';
import { renderApprovalHint } from './render-evidence';
import { renderStepLine } from './render-step-line';
import { renderSummary } from './render-summary';

const plain = { color: false, now: new Date('2026-11-30T00:05:00Z') };
const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const base: RunStatusView = {
  run_id: RUN,
  application: 'pyapp',
  status: 'failed',
  created_at: '2026-11-30T00:00:00Z',
  urls: {},
  approvers: ['alice', 'bob'],
  steps: [],
};

describe('what a person looks at next', () => {
  it('lists a failed scan’s findings with target, place and masked excerpt, and how to get the SARIF', () => {
    const outputs = {
      verdict: 'fail',
      targets: ['artifact', 'source'],
      sarif_object: 'sarif-abc',
      top_findings: [{ rule: 'aws-access-key', severity: 'critical', file: 'config/key.txt', line: 3, target: 'source', excerpt: 'AKIA…MPLE' }],
    };
    const text = renderSummary({ ...base, steps: [{ step_id: 'scan', kind: 'scan', status: 'finished', outcome: 'failed', outputs }] }, plain);
    expect(text).toContain('Findings of scan (scanned: artifact, source):');
    expect(text).toContain('  critical aws-access-key  source:config/key.txt:3  AKIA…MPLE');
    expect(text).toContain(`Report: jetway report ${RUN} --step scan > scan.sarif`);
  });

  it('points at the log of a step that did not succeed', () => {
    const failed = { step_id: 'build', kind: 'build' as const, status: 'finished' as const, outcome: 'failed' as const, log_object: 'step-log-1' };
    expect(renderSummary({ ...base, steps: [failed] }, plain)).toContain(`Log: jetway logs ${RUN} --step build`);
    const inline = { step_id: 'deploy-staging', kind: 'deploy' as const, status: 'finished' as const, outcome: 'failed' as const, log: 'exited with code 1\n' };
    expect(renderSummary({ ...base, steps: [inline] }, plain)).toContain(`Log: jetway logs ${RUN} --step deploy-staging`);
    const succeeded = { ...inline, outcome: 'succeeded' as const };
    expect(renderSummary({ ...base, steps: [succeeded] }, plain)).not.toContain('Log: jetway logs');
  });

  it('says "not serving" next to a URL that does not answer, and shows one that does as is', () => {
    const urls = { staging: 'http://127.0.0.1:8480/pyapp/staging', production: 'http://127.0.0.1:8480/pyapp/production' };
    const text = renderSummary({ ...base, urls }, { ...plain, serving: { staging: undefined, production: 'connect ECONNREFUSED' } });
    expect(text).toContain('  staging     http://127.0.0.1:8480/pyapp/staging\n');
    expect(text).toContain('  production  http://127.0.0.1:8480/pyapp/production  not serving (connect ECONNREFUSED)');
  });

  it('shows who approved with their comment, and only the first line of a long reason in the table', () => {
    const approval = { step_id: 'approve-production', kind: 'approval' as const, status: 'finished' as const, outcome: 'succeeded' as const, reason: 'approved by alice: looks good' };
    expect(renderStepLine(approval, plain)).toMatch(/approve-production .* succeeded .* — approved by alice: looks good$/);
    const build = { step_id: 'build', kind: 'build' as const, status: 'finished' as const, outcome: 'failed' as const, reason: 'exit 2\nline 1\nline 2' };
    expect(renderStepLine(build, plain)).toMatch(/— exit 2 …$/);
  });

  it('tells how to decide a run that waits', () => {
    const waiting = { step_id: 'approve-production', kind: 'approval' as const, status: 'waiting_approval' as const };
    expect(renderApprovalHint({ ...base, status: 'running' }, waiting, plain)).toBe(
      `  approve-production waits for a decision: jetway approve ${RUN} --as <alice|bob> [--comment "…"]   (or: jetway reject ${RUN} --as <alice|bob> --comment "why")`,
    );
  });
});

describe('a CI/CD setup run', () => {
  it('shows the generated files, every validator verdict, what the proof ran and the branch', () => {
    const steps: RunStatusView['steps'] = [
      { step_id: 'generate', kind: 'generate', status: 'finished', outcome: 'succeeded', outputs: { files: [{ path: '.github/workflows/ci.yml', platform: 'github_actions' }] } },
      {
        step_id: 'validate',
        kind: 'validate',
        status: 'finished',
        outcome: 'failed',
        outputs: { results: [{ file: '.github/workflows/ci.yml', validator: 'actionlint', ok: false, findings: [{ message: '"runs-on" section is missing', line: 7 }] }] },
      },
      { step_id: 'prove', kind: 'prove', status: 'finished', outcome: 'skipped', outputs: { ran: [], coverage: [{ component: '.', percent: 91.25 }], skipped: [{ component: 'svc', reason: 'no go on this machine' }] } },
      { step_id: 'publish', kind: 'publish', status: 'finished', outcome: 'succeeded', outputs: { files: ['x'], branch: `jetway/ci-setup-${RUN}`, commit: 'abcdef0123456789' } },
    ];
    const text = renderSummary({ ...base, kind: 'ci_cd_setup', steps }, plain);
    expect(text).toContain('Generated (1 files):\n  .github/workflows/ci.yml  (github_actions)');
    expect(text).toContain('  ✗ .github/workflows/ci.yml  actionlint\n      line 7: "runs-on" section is missing');
    expect(text).toContain('  coverage of .: 91.3 %');
    expect(text).toContain('  skipped svc: no go on this machine');
    expect(text).toContain(`Branch: jetway/ci-setup-${RUN} at abcdef012345`);
  });
});
