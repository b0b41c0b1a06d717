import { parseExposition } from './exposition';
import { CONTRACT_SUMMARY, contractGaps } from './metric-contract';
import type { MetricsEndpoint, ScrapeAnswer } from './metrics-endpoint.port';

/** The step's reason is at most 4000 characters (contracts: stepFinished). */
const REASON_LIMIT = 4000;

/**
 * Why a release's targets cannot be monitored, or undefined when every target serves the metrics
 * its SLO rules query: rules over series that never arrive would stay silent, the opposite of
 * monitoring. The reason names each failing target, what it answered, and the contract.
 */
export async function metricsCheckFailure(targets: readonly string[], endpoint: MetricsEndpoint): Promise<string | undefined> {
  const problems = await metricsProblems(targets, endpoint);
  return problems.length > 0 ? failureReason(problems, targets.length) : undefined;
}

/** One line per target that does not meet the metric contract, naming it and what it answered. */
export async function metricsProblems(targets: readonly string[], endpoint: MetricsEndpoint): Promise<string[]> {
  const answers = await Promise.all(targets.map(async (target) => ({ target, answer: await endpoint.scrape(target) })));
  return answers.flatMap(({ target, answer }) => {
    const problem = judge(answer);
    return problem ? [`${target} ${problem}`] : [];
  });
}

function judge(answer: ScrapeAnswer): string | undefined {
  if (!answer.answered) return `did not answer GET /metrics: ${answer.error}`;
  if (answer.status !== 200) return `answered GET /metrics with HTTP ${answer.status}${quote(answer.body)}`;
  const exposition = parseExposition(answer.body);
  if (!exposition.ok) return `answered GET /metrics with HTTP 200 but not the Prometheus text format (${exposition.error})${quote(answer.body)}`;
  if (exposition.families.length === 0) return `answered GET /metrics with HTTP 200 but no metric at all${quote(answer.body)}`;
  const gaps = contractGaps(exposition.families);
  return gaps.length > 0 ? `answered GET /metrics with HTTP 200 but ${gaps.join(', ')}` : undefined;
}

/** The start of a body, on one line, so a reason shows what the target said (`Not Found`, an HTML page). */
function quote(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line === '') return '';
  return `: ${JSON.stringify(line.length <= 80 ? line : `${line.slice(0, 79)}…`)}`;
}

function failureReason(problems: readonly string[], targets: number): string {
  const reason = `metrics check failed for ${problems.length} of ${targets} target(s): ${problems.join('; ')}. Fix: ${CONTRACT_SUMMARY}`;
  if (reason.length <= REASON_LIMIT) return reason;
  const tail = `… Fix: ${CONTRACT_SUMMARY}`;
  return `${reason.slice(0, REASON_LIMIT - tail.length)}${tail}`;
}
