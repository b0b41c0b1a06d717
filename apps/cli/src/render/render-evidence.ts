import type { RunStatusView } from '@jetway/contracts';
import { ciSetupLines } from './render-ci-outputs';
import { paint, type RenderOptions } from './style';

type Step = RunStatusView['steps'][number];

interface Finding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  target?: string;
  excerpt?: string;
}

function findingsOf(step: Step): Finding[] {
  const found = step.outputs?.['top_findings'];
  return Array.isArray(found) ? (found as Finding[]) : [];
}

/** What a person looks at next: a scan's findings, where its SARIF and each step's log are. */
export function evidenceLines(run: RunStatusView, opts: RenderOptions): string[] {
  const lines: string[] = [];
  for (const step of run.steps) {
    const findings = findingsOf(step);
    if (findings.length > 0) {
      const targets = step.outputs?.['targets'];
      const scanned = Array.isArray(targets) ? ` (scanned: ${targets.join(', ')})` : '';
      lines.push(`Findings of ${step.step_id}${scanned}:`);
      for (const f of findings) {
        const where = `${f.target ? `${f.target}:` : ''}${f.file}:${f.line}`;
        lines.push(`  ${paint(f.severity.padEnd(8), f.severity === 'critical' || f.severity === 'high' ? 'red' : 'yellow', opts)} ${f.rule}  ${where}${f.excerpt ? `  ${f.excerpt}` : ''}`);
      }
    }
    if (typeof step.outputs?.['sarif_object'] === 'string') lines.push(`Report: jetway report ${run.run_id} --step ${step.step_id} > ${step.step_id}.sarif`);
  }
  if (run.kind === 'ci_cd_setup') lines.push(...ciSetupLines(run, opts));
  // A log inline in the status or stored as an object: `jetway logs` prints either.
  const logged = run.steps.filter((s) => (s.log !== undefined || s.log_object) && s.outcome && s.outcome !== 'succeeded');
  for (const step of logged) lines.push(`Log: jetway logs ${run.run_id} --step ${step.step_id}`);
  return lines;
}

/** While a run waits for a person: the command that decides it. */
export function renderApprovalHint(run: RunStatusView, step: Step, opts: RenderOptions): string {
  const who = run.approvers.length === 1 ? run.approvers[0] : `<${run.approvers.join('|') || 'an approver'}>`;
  const hash = step.outputs?.['plan_hash'];
  const plan = typeof hash === 'string' ? ` --plan ${hash}` : '';
  const approve = `jetway approve ${run.run_id} --as ${who}${plan} [--comment "…"]`;
  const reject = `jetway reject ${run.run_id} --as ${who}${plan} --comment "why"`;
  return paint(`  ${step.step_id} waits for a decision: ${approve}   (or: ${reject})`, 'yellow', opts);
}
