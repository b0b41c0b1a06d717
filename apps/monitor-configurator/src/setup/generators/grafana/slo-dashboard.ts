import { DASHBOARD_UID } from '../../bundle.types';
import type { SetupInput } from '../../bundle.types';
import type { DashboardSpec, PanelSpec } from '@jetway/dashboards';

// The SLO dashboard of a setup: how much error budget is left, how fast it burns and how it
// burned down over the 30-day period. It reads the Sloth-style recording rules the Prometheus
// generator writes (each series labelled `service`, `team`, `tier`, `setup`).

/** The SLO recording rules this dashboard reads (Sloth's names). */
export const SLO_SERIES = {
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  sliError: 'slo:sli_error:ratio_rate5m',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
} as const;

/** The SLO period the budget is counted over (Sloth's default). */
export const SLO_PERIOD = '30d';

/** The SLO dashboard of the setup `input` describes. */
export function sloDashboardSpec(input: Pick<SetupInput, 'name'>): DashboardSpec {
  const setup = `setup=${JSON.stringify(input.name)}`;
  const selector = `${setup}, service=~"$service", team=~"$team"`;
  const series = (name: string) => `${name}{${selector}}`;
  return {
    uid: DASHBOARD_UID.slo(input.name),
    title: `${input.name}: service level objectives`,
    description: `Error budgets of monitoring setup ${input.name} over a ${SLO_PERIOD} period.`,
    tags: ['jetway', 'slo', `setup:${input.name}`],
    range: '7d',
    variables: [
      { name: 'team', label: 'Team', selector: `${SLO_SERIES.objective}{${setup}}` },
      { name: 'service', label: 'Service', selector: `${SLO_SERIES.objective}{${setup}, team=~"$team"}` },
    ],
    rows: [
      { title: 'Budget', panels: budgetPanels(series) },
      { title: 'Burn', panels: burnPanels(series) },
    ],
  };
}

function budgetPanels(series: (name: string) => string): PanelSpec[] {
  return [
    { kind: 'stat', title: 'Objective', unit: 'percentunit', width: 6, queries: [{ expr: series(SLO_SERIES.objective), legend: '{{service}}' }] },
    {
      kind: 'stat',
      title: 'Error budget remaining',
      description: `Share of the ${SLO_PERIOD} error budget not yet spent (below 0: the objective is missed).`,
      unit: 'percentunit',
      width: 6,
      queries: [{ expr: series(SLO_SERIES.budgetRemaining), legend: '{{service}}' }],
      thresholds: [
        { value: null, color: 'red' },
        { value: 0.25, color: 'orange' },
        { value: 0.5, color: 'green' },
      ],
    },
    {
      kind: 'stat',
      title: 'Current burn rate',
      description: 'How fast the budget burns now: 1 spends exactly the budget over the period.',
      unit: 'short',
      width: 6,
      queries: [{ expr: series(SLO_SERIES.currentBurnRate), legend: '{{service}}' }],
      thresholds: [
        { value: null, color: 'green' },
        { value: 1, color: 'orange' },
        { value: 6, color: 'red' },
      ],
    },
    {
      kind: 'stat',
      title: 'Period burn rate',
      description: `Average burn rate over the ${SLO_PERIOD} period.`,
      unit: 'short',
      width: 6,
      queries: [{ expr: series(SLO_SERIES.periodBurnRate), legend: '{{service}}' }],
      thresholds: [
        { value: null, color: 'green' },
        { value: 1, color: 'red' },
      ],
    },
  ];
}

function burnPanels(series: (name: string) => string): PanelSpec[] {
  return [
    {
      kind: 'timeseries',
      title: 'Error budget burn-down',
      description: `Budget remaining over the ${SLO_PERIOD} period.`,
      unit: 'percentunit',
      width: 24,
      timeFrom: SLO_PERIOD,
      queries: [{ expr: series(SLO_SERIES.budgetRemaining), legend: '{{service}}' }],
    },
    { kind: 'timeseries', title: 'Burn rate', unit: 'short', width: 12, min: 0, queries: [{ expr: series(SLO_SERIES.currentBurnRate), legend: '{{service}}' }] },
    {
      kind: 'timeseries',
      title: 'Error ratio against budget (5m)',
      description: 'The SLI error ratio over 5 minutes and the error budget it is measured against.',
      unit: 'percentunit',
      width: 12,
      min: 0,
      queries: [
        { expr: series(SLO_SERIES.sliError), legend: '{{service}} errors' },
        { expr: series(SLO_SERIES.errorBudget), legend: '{{service}} budget' },
      ],
    },
  ];
}
