import { InfraPlanReview, type RunStatusView } from '@jetway/contracts';
import { paint, type RenderOptions, type Tone } from './style';

type Step = RunStatusView['steps'][number];

/** Terraform's symbols for its actions (and the JetStream diff's words), with a colour each. */
const LOOK: Record<string, { mark: string; tone: Tone }> = {
  create: { mark: '+', tone: 'green' },
  update: { mark: '~', tone: 'yellow' },
  delete: { mark: '-', tone: 'red' },
  replace: { mark: '-/+', tone: 'red' },
  'delete-then-create': { mark: '-/+', tone: 'red' },
  'create-then-delete': { mark: '+/-', tone: 'red' },
  read: { mark: '<=', tone: 'cyan' },
  forget: { mark: '.', tone: 'dim' },
  'create-then-forget': { mark: '+.', tone: 'yellow' },
};

/** The approval's own record of the review: the plan's hash, how many must approve, who did. */
interface ReviewState {
  readonly hash: string;
  readonly required: number;
  readonly approvedBy: readonly string[];
}

function reviewStateOf(step: Step): ReviewState | undefined {
  const hash = step.outputs?.['plan_hash'];
  if (step.kind !== 'approval' || typeof hash !== 'string') return undefined;
  const required = step.outputs?.['required_approvals'];
  const approved = step.outputs?.['approved_by'];
  return {
    hash,
    required: typeof required === 'number' ? required : 1,
    approvedBy: Array.isArray(approved) ? approved.filter((name): name is string => typeof name === 'string') : [],
  };
}

/** The plan an approval reviews: the infra-plan step's review with the hash the approval names. */
export function planUnderReview(run: RunStatusView, hash: string): { plan: InfraPlanReview; step: Step } | undefined {
  for (const step of run.steps.filter((s) => s.kind === 'infra-plan')) {
    const parsed = InfraPlanReview.safeParse(step.outputs?.['plan']);
    if (parsed.success && parsed.data.hash === hash) return { plan: parsed.data, step };
  }
  return undefined;
}

function countsLine(plan: InfraPlanReview): string {
  const imports = plan.import > 0 ? `, ${plan.import} to import` : '';
  return `${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy${imports}`;
}

function planLines(plan: InfraPlanReview, opts: RenderOptions): string[] {
  const width = Math.max(0, ...plan.changes.map((c) => c.address.length));
  const lines = [`  ${countsLine(plan)}`];
  for (const change of plan.changes) {
    const look = LOOK[change.action] ?? { mark: '~', tone: 'yellow' as const };
    lines.push(`    ${paint(look.mark.padStart(3), look.tone, opts)} ${change.address.padEnd(width)}  ${change.action}`);
  }
  if (plan.protected_destroys.length > 0) {
    lines.push(paint(`  Protected destroys (a second approver must approve): ${plan.protected_destroys.join(', ')}`, 'red', opts));
  }
  if (plan.configuration.length > 0) lines.push('  Configuration (ansible-playbook --check --diff):', ...plan.configuration.map((line) => `    ${line}`));
  return lines;
}

/**
 * Each infrastructure plan under review, as an approver needs to see it before deciding: the plan's
 * hash, Terraform's counts, every address with its action, the protected destroys, what the
 * configuration stage would change, how many approvals it needs and who approved so far, and the
 * command that approves exactly this plan.
 */
export function planReviewLines(run: RunStatusView, opts: RenderOptions): string[] {
  const lines: string[] = [];
  for (const step of run.steps) {
    const review = reviewStateOf(step);
    if (!review) continue;
    const found = planUnderReview(run, review.hash);
    const where = step.environment ?? found?.plan.environment;
    const heading = step.status === 'waiting_approval' ? 'Plan under review' : step.outcome === 'succeeded' ? 'Plan approved' : 'Plan reviewed';
    lines.push(`${heading} (${step.step_id}${where ? `, ${where}` : ''}): ${review.hash}`);
    if (found) lines.push(...planLines(found.plan, opts));
    else lines.push(paint(`  (its details are not in this run's status: jetway logs ${run.run_id} shows each plan step's log)`, 'dim', opts));
    const who = review.approvedBy.length > 0 ? review.approvedBy.join(', ') : 'nobody yet';
    lines.push(`  Approvals: ${review.approvedBy.length} of ${review.required} (${who})`);
    if (step.status === 'waiting_approval') lines.push(`  Approve this plan: jetway approve ${run.run_id} --as <name> --plan ${review.hash}`);
  }
  return lines;
}
