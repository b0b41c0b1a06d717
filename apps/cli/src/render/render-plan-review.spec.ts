import type { RunStatusView } from '@jetway/contracts';
import { renderApprovalHint } from './render-evidence';
import { planReviewLines } from './render-plan-review';
import { renderSummary } from './render-summary';

const HASH = 'c0'.repeat(32);
const OLD = 'd1'.repeat(32);
const plan = {
  hash: HASH, environment: 'production', add: 1, change: 1, destroy: 2, import: 0,
  changes: [
    { address: 'aws_s3_bucket.logs', action: 'create' },
    { address: 'aws_instance.web', action: 'update' },
    { address: 'aws_db_instance.main', action: 'delete' },
    { address: 'jetstream.stream.ORDERS', action: 'replace' },
  ],
  protected_destroys: ['aws_db_instance.main', 'jetstream.stream.ORDERS'],
  configuration: ['localhost: 1 to change, 2 ok, 0 failed, 0 unreachable (app settings)'],
};

const run: RunStatusView = {
  run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8', kind: 'infrastructure', application: 'shop', status: 'running', created_at: '2026-01-01T00:00:00Z', urls: {}, approvers: ['alice', 'bob'],
  steps: [
    { step_id: 'plan-staging', kind: 'infra-plan', environment: 'staging', status: 'finished', outcome: 'succeeded', outputs: { plan: { ...plan, hash: OLD, environment: 'staging', destroy: 0, protected_destroys: [], changes: [], configuration: [] } } },
    { step_id: 'review-staging', kind: 'approval', environment: 'staging', status: 'finished', outcome: 'succeeded', outputs: { plan_hash: OLD, required_approvals: 1, approved_by: ['alice'] } },
    { step_id: 'plan-production', kind: 'infra-plan', environment: 'production', status: 'finished', outcome: 'succeeded', outputs: { plan } },
    { step_id: 'review-production', kind: 'approval', environment: 'production', status: 'waiting_approval', outputs: { plan_hash: HASH, required_approvals: 2, approved_by: ['alice'] } },
  ],
};

describe('the plan under review in jetway status', () => {
  const lines = planReviewLines(run, { color: false });

  it('shows each reviewed plan: hash, counts, every address with its action, protected destroys, configuration, approvals', () => {
    const production = lines.slice(lines.findIndex((l) => l.startsWith('Plan under review (review-production')));
    expect(production).toEqual([
      `Plan under review (review-production, production): ${HASH}`,
      '  1 to add, 1 to change, 2 to destroy',
      '      + aws_s3_bucket.logs       create',
      '      ~ aws_instance.web         update',
      '      - aws_db_instance.main     delete',
      '    -/+ jetstream.stream.ORDERS  replace',
      '  Protected destroys (a second approver must approve): aws_db_instance.main, jetstream.stream.ORDERS',
      '  Configuration (ansible-playbook --check --diff):',
      '    localhost: 1 to change, 2 ok, 0 failed, 0 unreachable (app settings)',
      '  Approvals: 1 of 2 (alice)',
      `  Approve this plan: jetway approve ${run.run_id} --as <name> --plan ${HASH}`,
    ]);
  });

  it('keeps a decided review short: no approve command, its approvals', () => {
    expect(lines.slice(0, 4)).toEqual([
      `Plan approved (review-staging, staging): ${OLD}`, '  1 to add, 1 to change, 0 to destroy', '  Approvals: 1 of 1 (alice)',
      `Plan under review (review-production, production): ${HASH}`,
    ]);
  });

  it('says where to look when the plan itself is not in the status', () => {
    const bare = { ...run, steps: run.steps.filter((s) => s.step_id === 'review-production') };
    expect(planReviewLines(bare, { color: false })).toEqual([
      `Plan under review (review-production, production): ${HASH}`,
      `  (its details are not in this run's status: jetway logs ${run.run_id} shows each plan step's log)`,
      '  Approvals: 1 of 2 (alice)',
      `  Approve this plan: jetway approve ${run.run_id} --as <name> --plan ${HASH}`,
    ]);
  });

  it('is part of the summary, and the approval hint names the plan', () => {
    expect(renderSummary(run, { color: false })).toContain(`Plan under review (review-production, production): ${HASH}`);
    const waiting = run.steps[3];
    if (!waiting) throw new Error('no waiting step');
    expect(renderApprovalHint(run, waiting, { color: false })).toContain(`jetway approve ${run.run_id} --as <alice|bob> --plan ${HASH} [--comment "…"]`);
  });

  it('shows nothing for a run without plans to review', () => {
    expect(planReviewLines({ ...run, steps: [{ step_id: 'approve', kind: 'approval', status: 'waiting_approval' }] }, { color: false })).toEqual([]);
  });
});
