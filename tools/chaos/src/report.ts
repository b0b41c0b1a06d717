import type { EffectTally } from './effects';

export interface ChaosReport {
  readonly seed: number;
  readonly broker: string;
  readonly durationMs: number;
  readonly runs: number;
  readonly finishedAsExpected: number;
  readonly wrongOutcome: readonly string[];
  readonly lost: readonly string[];
  readonly kills: Readonly<Record<string, number>>;
  /** Services that exited by themselves: each is a bug (the suite restarts them like a supervisor). */
  readonly crashes: readonly string[];
  readonly redeliveries: number;
  readonly duplicatesDropped: { readonly publish: number; readonly effect: number };
  /** Steps the planner finished at their deadline from the worker's effect record (a lost delivery). */
  readonly stepsRecovered: number;
  readonly processes: EffectTally;
  readonly slack: EffectTally;
  readonly pagerduty: EffectTally;
  /** When an invariant broke: outstanding consumers and the open steps of the runs concerned. */
  readonly diagnostics?: readonly string[];
}

/** Every invariant the suite exists to prove; empty when all hold. */
export function violations(report: ChaosReport): string[] {
  const found: string[] = [];
  if (report.lost.length > 0) found.push(`${report.lost.length} run(s) lost: ${report.lost.slice(0, 5).join(', ')}`);
  if (report.wrongOutcome.length > 0) found.push(`${report.wrongOutcome.length} run(s) ended wrongly: ${report.wrongOutcome.slice(0, 5).join('; ')}`);
  if (report.crashes.length > 0) found.push(`${report.crashes.length} service crash(es): ${report.crashes.slice(0, 3).join('; ')}`);
  const repeated = effectsRepeated(report);
  const off = [
    ...(report.processes.off ?? []).map((o) => `processes ${o}`),
    ...(report.slack.off ?? []).map((o) => `slack ${o}`),
    ...(report.pagerduty.off ?? []).map((o) => `pagerduty ${o}`),
  ];
  const detail = off.length > 0 ? ` (${off.slice(0, 6).join(', ')})` : '';
  if (repeated > 0) found.push(`${repeated} effect(s) repeated${detail}`);
  const missing = report.processes.missing + report.slack.missing + report.pagerduty.missing;
  if (missing > 0) found.push(`${missing} effect(s) missing${repeated > 0 ? '' : detail}`);
  return found;
}

export function effectsRepeated(report: ChaosReport): number {
  return report.processes.repeated + report.slack.repeated + report.pagerduty.repeated;
}

const row = (label: string, value: string | number, note = '') => `  ${label.padEnd(28)}${String(value).padStart(8)}  ${note}`.trimEnd();

/** The table `npm run chaos` prints. */
export function renderReport(report: ChaosReport): string {
  const kills = Object.values(report.kills).reduce((a, b) => a + b, 0);
  const killed = Object.entries(report.kills)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const { processes: p, slack: s, pagerduty: d } = report;
  return [
    `chaos: ${report.runs} runs on ${report.broker}, seed ${report.seed}, ${(report.durationMs / 1000).toFixed(0)} s`,
    row('runs', report.runs),
    row('finished as expected', report.finishedAsExpected),
    row('wrong outcome', report.wrongOutcome.length, '(must be 0)'),
    row('runs lost', report.lost.length, '(must be 0)'),
    row('kills (SIGKILL)', kills, killed ? `(${killed})` : ''),
    row('service crashes', report.crashes.length, '(must be 0: exits nobody caused)'),
    row('redeliveries', report.redeliveries, '(jetway_redeliveries_total)'),
    row('duplicates dropped', report.duplicatesDropped.publish + report.duplicatesDropped.effect, `(publish ${report.duplicatesDropped.publish}, effect ${report.duplicatesDropped.effect})`),
    row('steps recovered', report.stepsRecovered, '(finished events lost by the broker, applied at the deadline)'),
    row('effects repeated', effectsRepeated(report), `(must be 0: processes ${p.repeated}, slack ${s.repeated}, pagerduty ${d.repeated})`),
    row('effects missing', p.missing + s.missing + d.missing, '(must be 0)'),
    row('processes started', p.actual, `(expected ${p.expected})`),
    row('slack posts', s.actual, `(expected ${s.expected})`),
    row('pagerduty events', d.actual, `(expected ${d.expected}: a resolve per environment of a success; failures stop in staging, which pages nobody)`),
  ].join('\n');
}
