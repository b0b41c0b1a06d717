import type { EnvironmentType, Severity } from '@jetway/contracts';
import { overBudget, type CostEstimate } from '../iac/cost/estimate-cost';
import type { IacFinding } from '../iac/scan-iac';
import { severityRank } from '../rules';

/** Findings at or above this severity fail the infra-scan step; those below are reported and pass. */
export const INFRA_FAIL_ON: Severity = 'medium';
/** How many findings the reason names; the outputs carry up to 200 and the SARIF log every one. */
export const INFRA_REASON_FINDINGS = 5;
const REASON_CHARS = 4000;
const LINE_CHARS = 400;

/** Why a bundle passed with nothing scanned: said, never silent. */
export const NOTHING_SCANNED = {
  messagingOnly: 'no Terraform in this stack: the messaging declaration was checked by its schema at the request',
} as const;

export interface InfraScanFacts {
  /** Every finding, merged across environments, most severe first. */
  findings: readonly IacFinding[];
  rulesRun: number;
  /** The environments whose Terraform root was scanned. */
  environments: readonly EnvironmentType[];
  /** Environments the stack names that have no Terraform root in the bundle. */
  unrooted: readonly EnvironmentType[];
  cost: { environment: EnvironmentType; estimate: CostEstimate; limit: number };
  /** The stack also declares messaging: not for these rules, said so. */
  messaging: boolean;
}

/** The step's outcome and reason, and what the scanner logs. */
export interface InfraScanReport {
  outcome: 'succeeded' | 'failed';
  reason: string;
  log: { level: 'info' | 'warn'; message: string };
}

/**
 * The reason of an infra scan. Failing: the findings at or above medium (the first few, each with
 * rule, place and fix) and/or the estimate over budget with its largest items. Passing: what ran,
 * the low findings reported, the estimate within budget. Either way: what the table could not
 * price and which environments had no Terraform to scan.
 */
export function describeInfraScan(facts: InfraScanFacts): InfraScanReport {
  const blocking = facts.findings.filter((f) => severityRank(f.severity) >= severityRank(INFRA_FAIL_ON));
  const below = facts.findings.filter((f) => severityRank(f.severity) < severityRank(INFRA_FAIL_ON));
  const over = overBudget(facts.cost.estimate, facts.cost.limit);
  const scope = `the Terraform of ${facts.environments.join(', ')} (${facts.rulesRun} rules)`;
  const costLine = over
    ? `cost (${facts.cost.environment}): ${over}`
    : `cost (${facts.cost.environment}): estimated $${facts.cost.estimate.total.toFixed(2)}/month, within the budget of $${facts.cost.limit.toFixed(2)} (${pricesOf(facts.cost.estimate)})`;
  const notes = [
    ...unpricedLines(facts.cost.estimate),
    ...facts.unrooted.map((e) => `not scanned: the bundle has no Terraform root for ${e} (environments/${e}/*.tf)`),
    ...(facts.messaging ? ['not scanned: the messaging declaration (checked by its schema at the request)'] : []),
  ];
  if (blocking.length === 0 && !over) {
    const low = below.length === 0 ? 'nothing found' : `${plural(below.length, 'low finding')} reported: ${below.slice(0, INFRA_REASON_FINDINGS).map(brief).join('; ')}${more(below.length)}`;
    const head = `no finding at or above ${INFRA_FAIL_ON} in ${scope}; ${low}`;
    return { outcome: 'succeeded', reason: cap([head, costLine, ...notes].join('\n')), log: { level: 'info', message: `infra scan passed: ${head}` } };
  }
  const findingLines = blocking.length === 0 ? [`no finding at or above ${INFRA_FAIL_ON} in ${scope}`] : blockingLines(blocking, scope);
  // What failed the step comes first: the planner prefixes the reason with `step <id> failed: `.
  const lines = blocking.length === 0 ? [costLine, ...findingLines] : [...findingLines, costLine];
  const head = [blocking.length > 0 ? `${plural(blocking.length, 'finding')} at or above ${INFRA_FAIL_ON}` : undefined, over ? 'over budget' : undefined].filter(Boolean).join(', ');
  return { outcome: 'failed', reason: cap([...lines, ...notes].join('\n')), log: { level: 'warn', message: `infra scan failed: ${head}` } };
}

function blockingLines(blocking: readonly IacFinding[], scope: string): string[] {
  const listed = blocking.slice(0, INFRA_REASON_FINDINGS).map((f) => `- ${line(f)}`);
  const rest = blocking.length > INFRA_REASON_FINDINGS ? [`… and ${blocking.length - INFRA_REASON_FINDINGS} more; the SARIF log lists every finding`] : [];
  return [`${plural(blocking.length, 'finding')} at or above ${INFRA_FAIL_ON} in ${scope}:`, ...listed, ...rest];
}

/** `medium IAC007 Production database in one availability zone at modules/data/main.tf:20: aws_db_instance.main: multi_az is false — fix: …` */
function line(f: IacFinding): string {
  const text = `${f.severity} ${f.rule} ${f.title} at ${f.file}:${f.line}: ${f.subject}: ${f.message} — fix: ${f.fix}`;
  return text.length > LINE_CHARS ? `${text.slice(0, LINE_CHARS - 1)}…` : text;
}

const brief = (f: IacFinding) => `${f.rule} ${f.title} at ${f.file}:${f.line}`;
const more = (count: number) => (count > INFRA_REASON_FINDINGS ? ` … and ${count - INFRA_REASON_FINDINGS} more (SARIF log)` : '');

function unpricedLines(estimate: CostEstimate): string[] {
  if (estimate.unpriced.length === 0) return [];
  return [`not priced, so not in the estimate: ${estimate.unpriced.map((u) => `${u.address} (${u.why})`).join('; ')}`];
}

function pricesOf(estimate: CostEstimate): string {
  return `prices of ${estimate.table.recorded} for ${estimate.table.region}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function cap(text: string): string {
  return text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text;
}
