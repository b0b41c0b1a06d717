import { ApprovalRequested, type InfraPlanReview } from '@jetway/contracts';
import { SlackMessage } from '@jetway/testing';
import { approvalEventIdOf, waitsFor, type ApprovalNotice } from './approval-notice';
import { SECTION_LIMIT, toApprovalSlackPayload } from './approval-slack-message';
import { changeLines, countsLine, cutToFit, markOf } from './plan-lines';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const HASH = 'a'.repeat(64);
const DIGEST = `sha256:${'b'.repeat(64)}`;

const plan: InfraPlanReview = {
  hash: HASH, environment: 'production', add: 2, change: 1, destroy: 1, import: 0,
  changes: [
    { address: 'aws_s3_bucket.logs', action: 'create' },
    { address: 'aws_db_instance.main', action: 'delete' },
    { address: 'jetstream.stream.ORDERS', action: 'update' },
    { address: 'aws_instance.web["a"]', action: 'delete-then-create' },
  ],
  protected_destroys: ['aws_db_instance.main'],
  configuration: ['web-1: template /etc/app.conf changed'],
};
// Parsed as the notifier receives it: the contract's defaults applied.
const infraRequest = ApprovalRequested.parse({
  run_id: RUN, step_id: 'review-production', application: 'orders', environment: 'production', digest: DIGEST,
  approvers: ['alice', 'bob', 'carol'], plan, required_approvals: 2,
});
const notice = (request: ApprovalRequested): ApprovalNotice => ({ request, eventId: approvalEventIdOf(request), time: '2026-01-01T00:00:00Z' });
const sectionTexts = (payload: { blocks: readonly Record<string, unknown>[] }) =>
  payload.blocks.flatMap((b) => (b['type'] === 'section' && b['text'] ? [(b['text'] as { text: string }).text] : []));

describe('approval messages (Slack)', () => {
  it('shows a plan under review as jetway status does: counts, each address with its mark, the protected destroy, two approvers, the approve command with --plan', () => {
    const payload = toApprovalSlackPayload(notice(infraRequest));
    expect(SlackMessage.safeParse(payload).success).toBe(true);
    expect(payload.text).toBe(
      `📋 Plan review: orders → production: 2 to add, 1 to change, 1 to destroy (1 protected destroy); waits for 2 approvals by different approvers among alice, bob and carol: jetway approve ${RUN} --as &lt;name&gt; --plan ${HASH}`,
    );
    const [summary, planText, protectedText, configuration, commands] = sectionTexts(payload);
    expect(summary).toBe(`*orders* waits at step \`review-production\` of run \`${RUN}\` for 2 approvals by different approvers among alice, bob and carol: nothing is applied to production until the plan below is approved.`);
    expect(planText).toBe([
      `*Plan* \`${HASH}\`: 2 to add, 1 to change, 1 to destroy`,
      '```',
      '  + aws_s3_bucket.logs       create',
      '  - aws_db_instance.main     delete',
      '  ~ jetstream.stream.ORDERS  update',
      '-/+ aws_instance.web["a"]    delete-then-create',
      '```',
    ].join('\n'));
    expect(protectedText).toBe('🛡️ *Protected destroys* (1): each needs a second approver, so 2 different approvers must approve this plan:\n• `aws_db_instance.main`');
    expect(configuration).toContain('web-1: template /etc/app.conf changed');
    expect(commands).toBe(`*Approve this plan:* \`jetway approve ${RUN} --as &lt;name&gt; --plan ${HASH}\`\n*Reject:* \`jetway reject ${RUN} --as &lt;name&gt; --plan ${HASH}\``);
    const fields = JSON.stringify(payload.blocks.find((b) => b['fields']));
    for (const value of ['*Stack*\\norders', '*Environment*\\nproduction', '*Step*\\nreview-production', '*Approvers*\\nalice, bob, carol', '*Approvals required*\\n2', `*Plan hash*\\n${HASH}`]) {
      expect(fields).toContain(value);
    }
  });

  it('cuts a long change list to what fits in a section, saying how many more and where to see them', () => {
    const changes = Array.from({ length: 499 }, (_, i) => ({ address: `module.fleet.aws_instance.worker[${i}]`, action: i % 2 === 0 ? 'create' : 'update' }));
    const long = { ...infraRequest, plan: { ...plan, add: 250, change: 290, destroy: 0, changes: [...changes, { address: '(41 more changes, not listed; the counts include them)', action: 'more' }], protected_destroys: [] } };
    const payload = toApprovalSlackPayload(notice(long));
    expect(SlackMessage.safeParse(payload).success).toBe(true);
    const planText = sectionTexts(payload)[1] ?? '';
    expect(planText.length).toBeLessThanOrEqual(SECTION_LIMIT);
    expect(planText.length).toBeGreaterThan(SECTION_LIMIT - 200); // cut where the limit is, not far before
    const listed = planText.split('\n').filter((line) => line.includes('aws_instance.worker['));
    expect(listed[0]).toBe('  + module.fleet.aws_instance.worker[0]    create'); // padded to the plan's longest address, [498]
    // The deployer's note stood for 41 changes: the count says so.
    expect(planText.endsWith(`\n… and ${499 - listed.length + 41} more (\`jetway status ${RUN}\` shows the plan)`)).toBe(true);
    expect(planText).toMatch(/```\n… and \d+ more/); // the code block is closed before the count
    expect(sectionTexts(payload).every((text) => text.length <= SECTION_LIMIT)).toBe(true);
  });

  it('tells a deployment approval in a short message: what waits, who may approve, the approve command without --plan', () => {
    const request = ApprovalRequested.parse({ run_id: RUN, step_id: 'approve-production', application: 'shop', environment: 'production', digest: DIGEST, approvers: ['alice', 'bob'] });
    const payload = toApprovalSlackPayload(notice(request));
    expect(SlackMessage.safeParse(payload).success).toBe(true);
    expect(payload.text).toBe(`✋ Approval needed: shop → production; waits for an approval by alice or bob: jetway approve ${RUN} --as &lt;name&gt;`);
    const texts = sectionTexts(payload);
    expect(texts).toEqual([
      `*shop* waits at step \`approve-production\` of run \`${RUN}\` for an approval by alice or bob before it goes on to production.`,
      `*Approve:* \`jetway approve ${RUN} --as &lt;name&gt;\`\n*Reject:* \`jetway reject ${RUN} --as &lt;name&gt;\``,
    ]);
    expect(JSON.stringify(payload.blocks)).not.toContain('--plan');
    expect(JSON.stringify(payload.blocks)).toContain(`*Digest*\\n${DIGEST}`);
  });

  it('says nobody can approve a request that names no approver, and escapes what Slack would read as markup', () => {
    expect(waitsFor({ approvers: [] })).toContain('nobody can approve it (set approval.approvers');
    const request = ApprovalRequested.parse({ run_id: RUN, step_id: 'publish', application: 'shop', digest: DIGEST, approvers: ['a<b>&c'] });
    const payload = toApprovalSlackPayload(notice(request));
    expect(payload.text).toContain('✋ Approval needed: shop; waits for an approval by a&lt;b&gt;&amp;c');
    expect(JSON.stringify(payload.blocks)).not.toContain('a<b>');
  });

  it('derives one event id per run, step and plan (a new plan is a new review), or digest', () => {
    expect(approvalEventIdOf(infraRequest)).toBe(`approval-${RUN}-review-production-${HASH}`);
    expect(approvalEventIdOf({ ...infraRequest, plan: { ...plan, hash: 'c'.repeat(64) } })).not.toBe(approvalEventIdOf(infraRequest));
    expect(approvalEventIdOf({ ...infraRequest, plan: undefined })).toBe(`approval-${RUN}-review-production-${DIGEST}`);
  });
});

describe('plan lines', () => {
  it("uses Terraform's symbols, a change for an action it has none for", () => {
    expect(['create', 'update', 'delete', 'replace', 'delete-then-create', 'create-then-delete', 'read', 'something'].map(markOf)).toEqual(['+', '~', '-', '-/+', '-/+', '+/-', '<=', '~']);
    expect(countsLine({ add: 1, change: 0, destroy: 2, import: 3 })).toBe('1 to add, 0 to change, 2 to destroy, 3 to import');
    expect(changeLines([{ address: 'a', action: 'create' }, { address: '(3 more changes, not listed; the counts include them)', action: 'more' }])).toEqual([
      '  + a  create', '(3 more changes, not listed; the counts include them)',
    ]);
  });

  it('keeps lines while they fit with the reserve', () => {
    expect(cutToFit(['aaaa', 'bbbb', 'cccc'], 14, 4)).toEqual({ kept: ['aaaa', 'bbbb'], left: 1 });
    expect(cutToFit(['aaaa'], 3, 0)).toEqual({ kept: [], left: 1 });
  });
});
